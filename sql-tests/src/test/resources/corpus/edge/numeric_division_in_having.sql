SELECT account, count(*) AS n FROM ledger GROUP BY account HAVING sum(amount) / count(*) > -0.5 ORDER BY account
