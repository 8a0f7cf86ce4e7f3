SELECT r.id, e.v FROM reinserted r LEFT JOIN empty_table e ON e.id = r.id WHERE r.id < 5 ORDER BY r.id
