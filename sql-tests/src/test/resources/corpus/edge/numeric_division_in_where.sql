-- a numeric quotient in a condition: PostgreSQL's exact digits decide, not floating point's
SELECT count(*) AS n FROM ledger WHERE amount / 3 * 3 <> amount
