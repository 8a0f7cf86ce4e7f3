SELECT id, amount * rate AS interest, amount * 100 AS cents, -amount AS neg, amount + rate AS s
FROM ledger WHERE id % 500 = 1 ORDER BY id
