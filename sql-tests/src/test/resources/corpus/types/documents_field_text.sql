SELECT id, j->>'b' AS jb, jb->>'a' AS a, jb->>'price' AS price, jb->>'big' AS big FROM documents ORDER BY id
