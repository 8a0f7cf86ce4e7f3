SELECT name, region FROM customers ORDER BY name, id LIMIT 30
