SELECT id, ARRAY[id, id * 2] AS a, ARRAY['x', ta[1]] AS t FROM arrays ORDER BY id
