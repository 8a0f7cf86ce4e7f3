-- aggregates over no rows: NULL, except count
SELECT count(*) AS c, count(n) AS cn, sum(n) AS s, max(x) AS m, string_agg(label, ',') AS l, bool_and(flag) AS b
FROM nullable WHERE id < 0
