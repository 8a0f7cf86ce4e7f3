SELECT id, tstz FROM temporals ORDER BY tstz, id
