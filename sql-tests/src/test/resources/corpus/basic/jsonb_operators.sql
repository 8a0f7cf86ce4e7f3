SELECT id, attrs->>'n' AS n, (attrs->>'n')::int * 2 AS twice, attrs->'even' AS even FROM orders WHERE id % 700 = 1 ORDER BY id
