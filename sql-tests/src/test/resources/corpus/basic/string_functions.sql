SELECT id, upper(name) AS u, initcap(name) AS i, length(name) AS n, split_part(name, ' ', 2) AS num,
       substring(name FROM 3 FOR 4) AS sub, name || '/' || coalesce(region, '-') AS full_name, strpos(name, 'mer') AS p
FROM customers WHERE id % 9 = 0 ORDER BY id
