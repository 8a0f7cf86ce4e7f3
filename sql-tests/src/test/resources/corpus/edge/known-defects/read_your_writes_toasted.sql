-- known defect: (intermittent, most runs) read-your-writes: on the connection that ran writes.sql, this query right after them still sees the counters before the last two UPDATEs (0 everywhere), on DuckDB with no warning; that connection keeps seeing the old state for seconds while a new connection sees the new one (driver/engine: the session's DuckDB reader is not brought up to the freshness target)
-- read-your-writes: yes
SELECT id, counter FROM toasted ORDER BY id
