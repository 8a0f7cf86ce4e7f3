SELECT grp, count(*) FILTER (WHERE flag) AS t, count(*) FILTER (WHERE NOT flag) AS f,
       count(*) FILTER (WHERE flag IS NULL) AS u, sum(n) FILTER (WHERE n > 2) AS s
FROM nullable GROUP BY grp ORDER BY grp
