SELECT id, v, n FROM reinserted WHERE id IN (5, 6, 7, 10, 11, 1010, 1011, 20, 21, 22, 30, 99) ORDER BY id
