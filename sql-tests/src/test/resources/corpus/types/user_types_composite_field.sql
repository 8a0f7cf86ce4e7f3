SELECT id, (pr).a AS a, (pr).b AS b FROM user_types ORDER BY id
