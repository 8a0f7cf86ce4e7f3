-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: jsonb is VARCHAR in DuckDB), so DuckDB sorts (PostgreSQL orders jsonb by type, then value) the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, jb FROM documents ORDER BY jb, id
