SELECT id FROM documents WHERE jb ? 'a' ORDER BY id
