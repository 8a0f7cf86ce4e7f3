SELECT id, GREATEST(i2, i4, i8) AS g, LEAST(i2, i4) AS l, COALESCE(n10_2, -1) AS c, NULLIF(i4, 0) AS nz, COALESCE(b, false) AS cb FROM numbers ORDER BY id
