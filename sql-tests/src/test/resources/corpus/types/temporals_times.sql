SELECT id, t FROM temporals ORDER BY t, id
