-- known defect: a date after 9999-12-31 that DuckDB computes comes back as '+10000-01-01' (Java's LocalDate text through DuckDB JDBC's getString) where PostgreSQL sends '10000-01-01' (driver MirrorQueries.text, Oid.DATE)
SELECT id, d + 1 AS next, d - 1 AS prev, d - date '2000-01-01' AS days FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
