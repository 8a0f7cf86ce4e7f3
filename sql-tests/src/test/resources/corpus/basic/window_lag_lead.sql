SELECT id, customer_id, amount, lag(amount) OVER w AS prev, lead(amount, 2, 0) OVER w AS next2,
       row_number() OVER w AS rn, sum(amount) OVER w AS running
FROM orders WHERE customer_id IN (7, 8) WINDOW w AS (PARTITION BY customer_id ORDER BY id) ORDER BY customer_id, id
