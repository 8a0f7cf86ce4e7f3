SELECT id, ir FROM ranges ORDER BY ir, id
