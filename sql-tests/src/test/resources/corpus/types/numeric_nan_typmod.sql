-- numeric(10,2) holds NaN in PostgreSQL
SELECT id, n FROM numeric_nan ORDER BY id
