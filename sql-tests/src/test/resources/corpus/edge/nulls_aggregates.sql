SELECT count(*) AS rows, count(n) AS ns, count(DISTINCT grp) AS grps, sum(n) AS s, min(x) AS lo,
       max(label) AS hi, bool_and(flag) AS all_true, bool_or(flag) AS any_true, min(happened_at) AS first_day
FROM nullable
