SELECT id, ch FROM texts ORDER BY id
