SELECT id, t || '/' || vc AS c, t || NULL AS n, nm || 1 AS m FROM texts ORDER BY id
