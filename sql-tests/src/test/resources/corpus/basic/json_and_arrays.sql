SELECT attrs->>'n' AS n, attrs->'even' AS even, tags, array_length(tags, 1) AS tag_count
FROM orders WHERE id % 500 = 0 ORDER BY id
