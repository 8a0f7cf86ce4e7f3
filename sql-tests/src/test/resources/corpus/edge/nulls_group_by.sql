SELECT grp, count(*) AS c, count(n) AS cn, sum(x) AS sx FROM nullable GROUP BY grp ORDER BY grp
