SELECT id, trunc(amount) AS t, floor(amount) AS f, ceil(amount) AS c, abs(amount) AS a, sign(amount) AS s
FROM ledger WHERE id % 333 = 0 ORDER BY id
