-- known defect: intervals DuckDB computes (age()) come back in DuckDB's text, '1 month' and '11 months', where PostgreSQL says '1 mon' and '11 mons' (driver MirrorQueries.text: the default branch takes DuckDB's getString for interval)
SELECT id, age(ts, timestamp '2000-01-01') AS a FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
