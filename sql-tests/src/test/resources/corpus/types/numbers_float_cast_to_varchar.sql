SELECT id, (f8 > 0)::text AS positive, CAST(f4 AS varchar) AS v, (f8 / 2)::text AS halved FROM numbers ORDER BY id
