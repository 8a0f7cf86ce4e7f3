-- float8::text and real::text: DuckDB's text of floats differs, so these run on PostgreSQL
SELECT id, f8::text AS t8, f4::text AS t4 FROM numbers ORDER BY id
