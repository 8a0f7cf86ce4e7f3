SELECT grp, flag, count(*) AS c FROM nullable GROUP BY grp, flag ORDER BY grp DESC, flag
