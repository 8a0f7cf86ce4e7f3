-- NaN sorts above +Infinity, NULL last ascending
SELECT id, f8, f4 FROM numbers ORDER BY f8, id
