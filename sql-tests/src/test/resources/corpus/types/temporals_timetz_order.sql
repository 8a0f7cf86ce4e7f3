SELECT id, ttz FROM temporals ORDER BY ttz, id
