SELECT id, d FROM temporals ORDER BY d, id
