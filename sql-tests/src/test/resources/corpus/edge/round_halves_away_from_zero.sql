SELECT id, n2, round(n2, 1), round(n2), round(-n2, 1), round(n10, 9) FROM averaged WHERE id % 97 = 1 OR id > 9000 ORDER BY id
