SELECT a.id FROM averaged a WHERE a.i4 >= (SELECT avg(b.i4) FROM averaged b WHERE b.g = a.g) AND a.n10 < (SELECT 2 * avg(n10) FROM averaged) ORDER BY a.id
