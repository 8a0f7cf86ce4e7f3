-- known defect: arrays DuckDB computes (array_agg, ARRAY[...]) come back in DuckDB's list text "[1, 2, 3]" where PostgreSQL sends "{1,2,3}" (driver MirrorQueries.text: the default branch takes DuckDB's getString for array OIDs)
SELECT grp, string_agg(label, '|' ORDER BY id) AS labels, array_agg(n ORDER BY id) AS ns
FROM nullable WHERE id <= 20 GROUP BY grp ORDER BY grp
