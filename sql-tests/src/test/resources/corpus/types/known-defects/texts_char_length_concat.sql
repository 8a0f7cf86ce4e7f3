-- known defect: char(n) values are stored with their padding as VARCHAR (engine ColumnType: bpchar is text), so DuckDB says length 5 for 'abc  ' (PostgreSQL 3) and keeps the blanks in ch || '|'; PostgreSQL ignores the trailing blanks of char(n). The planner does not know column types and runs it on DuckDB. (TPC-H's schema would hit this in 9 of its 22 queries: tpch/setup.sql uses varchar(n) for that reason.)
-- length(char(n)) and || drop the padding
SELECT id, length(ch) AS n, ch || '|' AS c FROM texts ORDER BY id
