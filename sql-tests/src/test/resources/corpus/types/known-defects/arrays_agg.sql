-- known defect: arrays DuckDB computes (array_agg, ARRAY[...]) come back in DuckDB's list text "[1, 2, 3]" where PostgreSQL sends "{1,2,3}" (driver MirrorQueries.text: the default branch takes DuckDB's getString for array OIDs)
SELECT array_agg(id ORDER BY id) AS ids, string_agg(id::text, ',' ORDER BY id DESC) AS s FROM arrays
