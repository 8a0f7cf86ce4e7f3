-- concat() and octet_length() keep char(n)'s padding, || drops it
SELECT id, concat(ch, '|') AS c, octet_length(ch) AS o, ch || '|' AS p FROM texts ORDER BY id
