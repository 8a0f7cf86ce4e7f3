SELECT count(*) AS c, max(id) AS m, sum(n) AS s, min(happened_at) AS first_at FROM empty_table
