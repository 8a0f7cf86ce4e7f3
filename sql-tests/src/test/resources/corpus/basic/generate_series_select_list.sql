SELECT id, generate_series(1, 3) AS k FROM customers WHERE id < 4 ORDER BY id, k
