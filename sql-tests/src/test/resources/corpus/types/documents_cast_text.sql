SELECT id, jb::text AS t, j::text AS jt FROM documents ORDER BY id
