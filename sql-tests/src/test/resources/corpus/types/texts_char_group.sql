SELECT ch, count(*) AS c FROM texts GROUP BY ch ORDER BY ch
