-- min-rows: 0
SELECT v, count(*) FROM empty_table GROUP BY v
