SELECT rc.code, count(*) AS n FROM customers c JOIN region_codes rc ON rc.region = c.region
GROUP BY rc.code ORDER BY rc.code DESC
