SELECT sum(n50_5) AS s FROM numbers
