SELECT date_trunc('week', ordered_at) AS w, date_trunc('quarter', ordered_at) AS q, count(*) AS n FROM orders GROUP BY 1, 2 ORDER BY 1, 2
