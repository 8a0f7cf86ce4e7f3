-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: int[] is VARCHAR in DuckDB), so DuckDB sorts the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, ia FROM arrays ORDER BY ia, id
