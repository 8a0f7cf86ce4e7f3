-- NaN is greater than every number in PostgreSQL
SELECT id FROM numbers WHERE f8 > 1 ORDER BY id
