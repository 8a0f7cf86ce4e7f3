SELECT id, mo FROM user_types ORDER BY mo, id
