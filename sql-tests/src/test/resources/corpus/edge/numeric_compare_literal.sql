SELECT count(*) AS c FROM ledger WHERE amount > 12.3456 AND amount <= 99.99995 OR amount = -0.0001
