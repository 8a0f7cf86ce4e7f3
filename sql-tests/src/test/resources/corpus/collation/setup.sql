DROP TABLE IF EXISTS words;
CREATE TABLE words (id int PRIMARY KEY, w text NOT NULL, c text COLLATE "C" NOT NULL, n int);
INSERT INTO words (id, w, c, n)
SELECT g, x, x, g % 3
FROM unnest(ARRAY['b', 'A', 'a', 'B', 'é', 'e', '_x', 'Z', '10', '9', 'apple', 'Apple', 'äpfel',
                  'zebra', 'Éclair', 'eclair', 'x-ray', 'xray', ' space', 'ß', 'ss'])
       WITH ORDINALITY AS t(x, g);
