-- min-rows: 0
SELECT * FROM emptied
