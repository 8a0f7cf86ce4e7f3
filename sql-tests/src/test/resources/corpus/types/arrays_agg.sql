SELECT array_agg(id ORDER BY id) AS ids, string_agg(id::text, ',' ORDER BY id DESC) AS s FROM arrays
