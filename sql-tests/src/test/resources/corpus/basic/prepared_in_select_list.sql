-- param: int 100
-- param: text %5%
SELECT o.id, amount * ? AS scaled, name LIKE ? AS has_five FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id < 30 ORDER BY o.id
