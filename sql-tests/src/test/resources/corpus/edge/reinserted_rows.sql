SELECT * FROM reinserted ORDER BY id
