SELECT id, name FROM customers WHERE name ILIKE 'CUSTOMER 1%' AND name ~ '[27]$' OR name !~* '^cust' ORDER BY id
