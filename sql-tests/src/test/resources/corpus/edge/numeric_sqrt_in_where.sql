SELECT count(*) AS n FROM ledger WHERE sqrt(abs(amount)) * sqrt(abs(amount)) = abs(amount)
