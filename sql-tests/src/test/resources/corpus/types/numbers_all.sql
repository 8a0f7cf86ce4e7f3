SELECT * FROM numbers ORDER BY id
