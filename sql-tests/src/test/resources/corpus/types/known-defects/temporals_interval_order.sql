-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: interval is VARCHAR in DuckDB), so DuckDB sorts ('-178000000 years' against '-1 days +02:00:00') the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, iv FROM temporals ORDER BY iv, id
