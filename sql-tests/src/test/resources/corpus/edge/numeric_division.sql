SELECT account, sum(amount) / count(*) AS mean, sum(amount) / 3 AS third FROM ledger GROUP BY account ORDER BY account
