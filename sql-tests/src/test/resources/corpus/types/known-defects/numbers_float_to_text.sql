-- known defect: float8::text and real::text: DuckDB's cast gives 'nan', 'inf', '-inf' where PostgreSQL gives 'NaN', 'Infinity', '-Infinity'; the planner allows ::text whatever the source type
SELECT id, f8::text AS t8, f4::text AS t4 FROM numbers ORDER BY id
