-- a column collated "C": code point order in both
SELECT id, c FROM words ORDER BY c, id
