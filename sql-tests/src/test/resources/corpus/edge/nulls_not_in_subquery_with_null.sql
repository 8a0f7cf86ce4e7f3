-- min-rows: 0
-- the subquery returns a NULL: NOT IN is never true
SELECT id FROM nullable WHERE id NOT IN (SELECT n FROM nullable) ORDER BY id
