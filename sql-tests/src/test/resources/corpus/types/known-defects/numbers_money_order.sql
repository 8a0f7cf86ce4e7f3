-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: money is VARCHAR in DuckDB), so DuckDB sorts ('$12.34' against '-$0.01') the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, m FROM numbers ORDER BY m, id
