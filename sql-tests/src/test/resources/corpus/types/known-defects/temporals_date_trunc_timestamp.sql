-- known defect: timestamp (without time zone) values DuckDB computes come back from getString as Java's Timestamp text ("2024-02-29 00:00:00.0") where PostgreSQL sends "2024-02-29 00:00:00" (driver MirrorQueries.text: Oid.TIMESTAMP takes DuckDB JDBC's getString)
SELECT id, date_trunc('day', ts) AS d, date_trunc('year', ts) AS y FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
