SELECT id FROM numbers WHERE n > 1 ORDER BY id
