SELECT id, n FROM numbers ORDER BY id
