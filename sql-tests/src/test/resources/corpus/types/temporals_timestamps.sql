SELECT id, ts FROM temporals ORDER BY ts, id
