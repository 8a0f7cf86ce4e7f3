SELECT id, amount FROM orders ORDER BY amount DESC, id LIMIT 10 OFFSET 20
