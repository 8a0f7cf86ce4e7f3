SELECT id, amount::numeric(20,2) AS rounded, amount::int AS whole, rate::numeric(10,8) AS wider FROM ledger WHERE id % 450 = 7 ORDER BY id
