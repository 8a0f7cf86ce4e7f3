SELECT id, ts + interval '1 day 2 hours' AS later, tstz - interval '1 month' AS earlier FROM temporals WHERE id IN (1, 6, 8, 9) ORDER BY id
