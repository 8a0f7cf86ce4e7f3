-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: int[] and text[] is VARCHAR in DuckDB), so DuckDB subscripts (ia[1] is the first character, '{') the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, ia[1] AS first, ta[2] AS second, im[1][2] AS cell FROM arrays ORDER BY id
