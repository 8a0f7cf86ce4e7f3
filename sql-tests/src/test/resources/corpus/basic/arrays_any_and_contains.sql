SELECT count(*) FILTER (WHERE 'a' = ANY(tags)) AS has_a, count(*) FILTER (WHERE tags @> ARRAY['c']) AS has_c FROM orders
