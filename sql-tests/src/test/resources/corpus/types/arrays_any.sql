SELECT id FROM arrays WHERE 1 = ANY(ia) ORDER BY id
