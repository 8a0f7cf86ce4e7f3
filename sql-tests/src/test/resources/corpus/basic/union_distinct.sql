SELECT region AS name FROM customers WHERE region IS NOT NULL UNION SELECT name FROM customers WHERE id < 5 ORDER BY 1
