SELECT id FROM numbers WHERE f8 = 'NaN' OR f4 = 'Infinity' ORDER BY id
