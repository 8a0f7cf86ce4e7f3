-- known defect: text sorts by the database's collation (ICU en-US here) in PostgreSQL, by code point in DuckDB; the driver never tells the planner the collation (MirrorRouter does not call MirrorCatalog.Builder.collation), so the query runs on DuckDB
SELECT id, w FROM words WHERE w < 'b' ORDER BY id
