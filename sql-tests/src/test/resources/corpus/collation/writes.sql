INSERT INTO words VALUES (100, 'Zürich', 'Zürich', 1), (101, 'zurich', 'zurich', 2);
DELETE FROM words WHERE id = 2;
