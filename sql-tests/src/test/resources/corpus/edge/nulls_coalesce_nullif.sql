SELECT id, COALESCE(grp, label, 'none') AS c, NULLIF(label, '') AS nl, COALESCE(n, 0) + 1 AS n1,
       GREATEST(n, 3) AS g, LEAST(n, id) AS l, CASE WHEN flag THEN 'yes' WHEN NOT flag THEN 'no' END AS yn
FROM nullable ORDER BY id
