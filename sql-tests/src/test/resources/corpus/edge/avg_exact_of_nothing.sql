SELECT avg(i4), avg(n2), avg(f8), count(*) FROM averaged WHERE id < 0
