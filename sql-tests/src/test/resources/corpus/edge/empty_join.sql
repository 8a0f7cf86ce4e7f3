-- min-rows: 0
SELECT e.id, r.v FROM empty_table e JOIN reinserted r ON r.id = e.id
