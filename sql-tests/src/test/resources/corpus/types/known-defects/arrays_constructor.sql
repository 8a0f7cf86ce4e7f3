-- known defect: arrays DuckDB computes (array_agg, ARRAY[...]) come back in DuckDB's list text "[1, 2, 3]" where PostgreSQL sends "{1,2,3}" (driver MirrorQueries.text: the default branch takes DuckDB's getString for array OIDs); and ta[1] of a text[] column is a substring of its text in DuckDB ('{')
SELECT id, ARRAY[id, id * 2] AS a, ARRAY['x', ta[1]] AS t FROM arrays ORDER BY id
