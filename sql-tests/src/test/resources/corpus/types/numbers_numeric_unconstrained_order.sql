SELECT id, n FROM numbers ORDER BY n, id
