SELECT g, avg(i2), avg(i4) AS a4, avg(i8), avg(n2) AS a2, avg(n10), avg(tiny), avg(n0), avg(f8)
FROM averaged GROUP BY g ORDER BY g
