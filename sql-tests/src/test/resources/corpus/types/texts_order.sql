SELECT id, t FROM texts ORDER BY t, id
