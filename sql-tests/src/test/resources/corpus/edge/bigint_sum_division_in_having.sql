-- sum(bigint) is numeric in PostgreSQL: its quotient is not an integer division
SELECT g, count(*) AS n FROM averaged GROUP BY g HAVING sum(i8) / count(*) <> sum(i8) / count(*)::numeric OR sum(i8) / 7 > 0 ORDER BY g
