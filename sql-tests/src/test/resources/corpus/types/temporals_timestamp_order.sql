SELECT id FROM temporals ORDER BY ts DESC, id
