-- Changes after the mirrors' initial copy: the mirrors must follow them.
UPDATE orders SET amount = amount + 1 WHERE id % 10 = 0;
DELETE FROM orders WHERE id % 97 = 0;
INSERT INTO customers VALUES (1000, 'late', 'north', date '2024-06-01');
UPDATE events SET "order" = NULL WHERE id % 50 = 0;
DELETE FROM events WHERE id % 45 = 0;
