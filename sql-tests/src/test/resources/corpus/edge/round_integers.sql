SELECT id, round(i2), round(i4), round(i4, 2), round(i8, -3), round(i8) FROM averaged WHERE id % 301 = 2 ORDER BY id
