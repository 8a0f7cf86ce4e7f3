SELECT count(*) AS c, sum(amount) AS s FROM orders WHERE customer_id IN (SELECT id FROM vip_customers)
