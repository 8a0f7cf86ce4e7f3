SELECT r.label, count(*) AS orders, sum(o.amount) AS total
FROM orders o, customers c, region_names r
WHERE o.customer_id = c.id AND c.region = r.region AND r.label <> 'North' AND r.region IN ('south', 'east', 'west')
GROUP BY r.label ORDER BY r.label
