SELECT id FROM user_types WHERE mo > 'sad' ORDER BY id
