SELECT id FROM user_types WHERE mo = 'happy' ORDER BY id
