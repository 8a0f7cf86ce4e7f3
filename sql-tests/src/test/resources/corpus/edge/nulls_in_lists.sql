-- NOT IN with a NULL in the list is never true
SELECT id FROM nullable WHERE n IN (1, 2, NULL) OR id NOT IN (SELECT n FROM nullable WHERE n IS NOT NULL) ORDER BY id
