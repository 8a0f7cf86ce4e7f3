-- numeric(50,5): wider than DuckDB's 38 digits
SELECT id, n50_5 FROM numbers ORDER BY id
