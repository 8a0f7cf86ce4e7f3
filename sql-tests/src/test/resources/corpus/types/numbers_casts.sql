SELECT id, i4::text AS t, i2::bigint AS b, i8::numeric(30,2) AS n, n10_2::int AS r, b::int AS bi FROM numbers WHERE i8 BETWEEN -1000 AND 1000 ORDER BY id
