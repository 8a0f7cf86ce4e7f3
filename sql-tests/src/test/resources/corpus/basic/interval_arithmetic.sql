SELECT id, ordered_at + interval '1 month' AS next_month, ordered_at - interval '36 hours' AS before,
       ordered_at + 3 * interval '1 week' AS later
FROM orders WHERE id % 900 = 5 ORDER BY id
