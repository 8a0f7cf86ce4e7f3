SELECT id FROM documents WHERE jb @> '{"a": 1}' ORDER BY id
