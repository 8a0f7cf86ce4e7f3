-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: timetz is VARCHAR in DuckDB), so DuckDB sorts ('00:00:00-14' first; PostgreSQL orders by the UTC time) the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, ttz FROM temporals ORDER BY ttz, id
