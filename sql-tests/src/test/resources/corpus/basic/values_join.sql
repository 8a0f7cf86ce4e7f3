SELECT v.region, v.weight, count(c.id) AS customers FROM (VALUES ('north', 1), ('south', 2), ('nowhere', 3)) AS v(region, weight)
LEFT JOIN customers c ON c.region = v.region GROUP BY v.region, v.weight ORDER BY v.region
