SELECT label = '' AS empty, label IS NULL AS null_label, count(*) AS c FROM nullable GROUP BY 1, 2 ORDER BY 1, 2
