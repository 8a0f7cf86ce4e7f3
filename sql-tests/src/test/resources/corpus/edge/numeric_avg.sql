SELECT account, avg(amount) AS mean FROM ledger GROUP BY account ORDER BY account
