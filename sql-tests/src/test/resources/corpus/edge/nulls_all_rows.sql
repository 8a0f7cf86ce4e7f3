SELECT * FROM nullable ORDER BY id
