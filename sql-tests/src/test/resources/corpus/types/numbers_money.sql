SELECT id, m FROM numbers ORDER BY id
