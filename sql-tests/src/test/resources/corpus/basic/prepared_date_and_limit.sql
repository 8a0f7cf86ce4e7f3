-- param: date 2020-03-01
-- param: int 5
SELECT id, name, since FROM customers WHERE since < ? ORDER BY since DESC, id LIMIT ?
