SELECT region, since FROM customers WHERE id % 17 = 0
