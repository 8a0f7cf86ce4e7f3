-- known defect: (intermittent, most runs) read-your-writes: on the connection that ran writes.sql, this query right after them still sees the duplicates table before its changes (three (1, x), two (3, NULL)), on DuckDB with no warning (see read_your_writes_toasted.sql)
-- read-your-writes: yes
SELECT a, b FROM duplicates
