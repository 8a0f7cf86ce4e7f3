-- char(n) = varchar compares as char(n): the varchar value's trailing blanks do not count
SELECT a.id, b.id AS other FROM texts a JOIN texts b ON a.ch = b.vc ORDER BY 1, 2
