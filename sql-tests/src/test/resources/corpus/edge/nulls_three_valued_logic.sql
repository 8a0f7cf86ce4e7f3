SELECT id, n > 3 AS gt, n = NULL AS eq_null, n IS NULL AS is_null, flag AND n > 3 AS a, flag OR n > 3 AS o,
       NOT flag AS nf, n IS DISTINCT FROM 3 AS d, n IS NOT DISTINCT FROM NULL AS nd
FROM nullable WHERE id <= 12 ORDER BY id
