SELECT id, amount, max(amount) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING) AS m,
       count(*) OVER (ORDER BY ordered_at RANGE BETWEEN interval '1 day' PRECEDING AND CURRENT ROW) AS per_day,
       first_value(id) OVER (PARTITION BY customer_id ORDER BY id) AS f
FROM orders WHERE id <= 60 ORDER BY id
