-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: an enum is VARCHAR in DuckDB), so DuckDB compares mo > 'sad' as text (PostgreSQL: by the order of the enum's labels) the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id FROM user_types WHERE mo > 'sad' ORDER BY id
