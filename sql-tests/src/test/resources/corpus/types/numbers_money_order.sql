SELECT id, m FROM numbers ORDER BY m, id
