SELECT id, j->>'dup' AS dup, j->'keep' AS keep FROM documents WHERE id = 3
