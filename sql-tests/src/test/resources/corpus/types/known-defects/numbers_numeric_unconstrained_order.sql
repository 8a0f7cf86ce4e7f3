-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: numeric without precision is VARCHAR in DuckDB), so DuckDB sorts (-1.5 after -123...) the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, n FROM numbers ORDER BY n, id
