SELECT r.region, count(c.id) AS customers FROM region_names r LEFT JOIN customers c ON c.region = r.region
GROUP BY r.region ORDER BY r.region
