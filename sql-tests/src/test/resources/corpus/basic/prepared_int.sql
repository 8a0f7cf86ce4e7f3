-- param: int 17
SELECT id, amount, ordered_at FROM orders WHERE customer_id = ? ORDER BY id
