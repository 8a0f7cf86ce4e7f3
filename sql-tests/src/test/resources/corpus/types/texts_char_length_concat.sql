-- length(char(n)) and || drop the padding
SELECT id, length(ch) AS n, ch || '|' AS c FROM texts ORDER BY id
