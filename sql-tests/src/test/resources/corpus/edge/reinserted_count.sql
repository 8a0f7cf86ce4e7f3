SELECT count(*) AS c, count(DISTINCT id) AS keys, sum(n) AS s FROM reinserted
