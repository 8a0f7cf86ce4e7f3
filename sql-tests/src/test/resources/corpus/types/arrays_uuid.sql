SELECT id, ua FROM arrays ORDER BY id
