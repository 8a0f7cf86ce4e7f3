SELECT id, v FROM refilled ORDER BY id
