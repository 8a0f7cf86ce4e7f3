SELECT id, w FROM words WHERE w = 'apple' OR w LIKE 'x%' OR lower(w) = 'eclair' ORDER BY id
