SELECT id, amount / 3 AS third, amount / rate AS per_rate, big / 7 AS big7, -amount / 0.07 AS neg FROM ledger WHERE id % 250 = 1 AND rate <> 0 ORDER BY id
