-- NULL first descending
SELECT id, f4 FROM numbers ORDER BY f4 DESC, id
