-- integer division truncates toward zero, in conditions too
SELECT id, n / 2 AS half FROM nullable WHERE n / 2 * 2 = n AND -n / 4 > -2 ORDER BY id
