SELECT CASE WHEN amount BETWEEN 0 AND 25 THEN 'low' WHEN amount BETWEEN 25.01 AND 75 THEN 'mid' ELSE 'high' END AS band,
       count(*) AS n, sum(amount) AS s FROM orders GROUP BY 1 ORDER BY 1
