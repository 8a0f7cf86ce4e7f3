SELECT sum(n10_2) AS s2, sum(n38_10) AS s10, min(n10_2) AS lo, max(n38_10) AS hi, count(n10_2) AS c FROM numbers
