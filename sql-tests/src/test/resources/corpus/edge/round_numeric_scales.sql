SELECT id, round(amount), round(amount, 2), round(amount, 6), round(rate, 3), round(amount, -2), round(big, 1), round(amount, +1) FROM ledger WHERE id % 250 = 3 ORDER BY id
