SELECT avg(i4) AS a, avg(DISTINCT i2) AS d, avg(ALL n0) AS n, count(*) FROM averaged
