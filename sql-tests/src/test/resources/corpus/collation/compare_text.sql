SELECT id, w FROM words WHERE w < 'b' ORDER BY id
