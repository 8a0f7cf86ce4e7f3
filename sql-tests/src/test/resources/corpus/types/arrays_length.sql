SELECT id, array_length(ia, 1) AS n, cardinality(im) AS c FROM arrays ORDER BY id
