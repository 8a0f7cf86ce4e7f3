SELECT id, iv FROM temporals ORDER BY iv, id
