SELECT id, jb->'price' AS price, jb->'c' AS c, j->'c' AS jc, jb->'nested'->'deep' AS deep FROM documents ORDER BY id
