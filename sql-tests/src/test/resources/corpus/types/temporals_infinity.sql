SELECT id, d > date '9999-01-01' AS late, ts < timestamp '0001-01-01' AS early, tstz = 'infinity' AS inf FROM temporals ORDER BY id
