SELECT id, jb FROM documents ORDER BY jb, id
