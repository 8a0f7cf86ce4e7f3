-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: int4range is VARCHAR in DuckDB), so DuckDB sorts ('empty' and '(,)' as text) the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, ir FROM ranges ORDER BY ir, id
