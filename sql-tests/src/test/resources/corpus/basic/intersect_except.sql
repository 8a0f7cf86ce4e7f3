(SELECT customer_id FROM orders WHERE amount > 90 INTERSECT SELECT id FROM customers WHERE region = 'north')
EXCEPT SELECT id FROM customers WHERE id > 150 ORDER BY 1
