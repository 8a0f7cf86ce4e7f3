-- min-rows: 0
SELECT * FROM empty_table ORDER BY id
