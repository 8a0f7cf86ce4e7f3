SELECT a.id, b.id AS other, b.label FROM nullable a LEFT JOIN nullable b ON b.n = a.id AND b.id < 10
WHERE a.id <= 8 ORDER BY a.id, other
