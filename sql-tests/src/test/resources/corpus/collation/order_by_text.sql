SELECT id, w FROM words ORDER BY w, id
