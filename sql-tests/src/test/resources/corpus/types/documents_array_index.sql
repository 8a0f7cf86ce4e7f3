SELECT id, jb->'c'->1 AS second, jb->'c'->>0 AS first FROM documents WHERE id = 1
