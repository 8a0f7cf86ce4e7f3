SELECT g, round(avg(n2), 2), round(avg(i4)) FROM averaged GROUP BY g ORDER BY g
