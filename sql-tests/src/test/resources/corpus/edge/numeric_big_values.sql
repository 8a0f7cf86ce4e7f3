SELECT id, big, big + 1 AS next, big * 2 AS dbl FROM ledger WHERE id % 700 = 3 ORDER BY id
