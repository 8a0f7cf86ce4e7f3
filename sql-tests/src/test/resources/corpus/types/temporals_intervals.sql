SELECT id, iv FROM temporals ORDER BY id
