SELECT id FROM texts WHERE t ILIKE 'APP%' OR vc LIKE '%orl_' OR t NOT LIKE '%e%' ORDER BY id
