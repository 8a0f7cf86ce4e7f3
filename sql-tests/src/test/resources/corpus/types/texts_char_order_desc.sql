SELECT ch, min(id) AS first FROM texts GROUP BY ch ORDER BY ch DESC NULLS LAST
