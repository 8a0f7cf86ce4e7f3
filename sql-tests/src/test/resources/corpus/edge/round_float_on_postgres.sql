SELECT round(f8) AS r, count(*) FROM averaged GROUP BY 1 ORDER BY 1 LIMIT 20
