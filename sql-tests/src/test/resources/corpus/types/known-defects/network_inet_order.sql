-- known defect: column stored as PostgreSQL's text in the mirror (engine ColumnType: inet is VARCHAR in DuckDB), so DuckDB sorts ('10.0.0.2' before '9.255.255.255') the text; the planner does not know column types (MirrorCatalog has none) and runs it on DuckDB
SELECT id, ip FROM network_and_bits ORDER BY ip, id
