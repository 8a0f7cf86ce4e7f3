SELECT count(*) AS n FROM averaged WHERE tiny <= (SELECT avg(tiny) FROM averaged WHERE tiny IS NOT NULL) OR i8 > (SELECT avg(i8) FROM averaged)
