SELECT DISTINCT grp, flag FROM nullable ORDER BY grp, flag
