SELECT account, sum(amount) AS total, count(*) AS c, min(amount) AS lo, max(amount) AS hi
FROM ledger GROUP BY account ORDER BY account
