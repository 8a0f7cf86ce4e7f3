SELECT id, avg(n10), avg(i8) AS big, avg(tiny) FROM averaged WHERE id <= 30 OR id > 9000
GROUP BY id ORDER BY id
