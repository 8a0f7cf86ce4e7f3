SELECT grp, string_agg(label, '|' ORDER BY id) AS labels, array_agg(n ORDER BY id) AS ns
FROM nullable WHERE id <= 20 GROUP BY grp ORDER BY grp
