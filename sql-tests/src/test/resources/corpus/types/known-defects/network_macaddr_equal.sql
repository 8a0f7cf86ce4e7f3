-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: macaddr is VARCHAR in DuckDB), so DuckDB compares with the literal '08-00-2B-01-02-03' as text, not as the same address the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id FROM network_and_bits WHERE mac = '08-00-2B-01-02-03' ORDER BY id
