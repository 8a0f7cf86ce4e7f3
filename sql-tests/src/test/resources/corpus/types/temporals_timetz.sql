SELECT id, ttz FROM temporals ORDER BY id
