-- infinite dates: year is infinite, month is NULL
SELECT id, extract(month FROM d) AS m, date_part('day', ts) AS dd, extract(year FROM d) AS y
FROM temporals ORDER BY id
