SELECT id, unnest(ia) AS v FROM arrays ORDER BY id, v
