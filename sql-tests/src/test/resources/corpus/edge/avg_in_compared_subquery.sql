-- avg() in a compared scalar subquery: PostgreSQL's rounded value decides the comparison
SELECT id, n2 FROM averaged WHERE n2 > (SELECT avg(n2) FROM averaged) ORDER BY id
