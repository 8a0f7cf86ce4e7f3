SELECT * FROM user_types ORDER BY id
