SELECT sum(amount) AS total, sum(big) AS big_total, sum(rate) AS rates FROM ledger
