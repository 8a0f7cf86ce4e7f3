-- known defect: char(n) values are stored with their padding as VARCHAR (engine ColumnType: bpchar is text), so DuckDB compares 'abc  ' with 'abc' as different (no row); PostgreSQL ignores the trailing blanks of char(n). The planner does not know column types and runs it on DuckDB. (TPC-H's schema would hit this in 9 of its 22 queries: tpch/setup.sql uses varchar(n) for that reason.)
-- char(n) ignores trailing blanks: 'abc  ' = 'abc'
SELECT id FROM texts WHERE ch = 'abc' OR ch = 'ab' ORDER BY id
