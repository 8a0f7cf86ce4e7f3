-- After the initial copy.
UPDATE nullable SET n = NULL, label = NULL WHERE id % 11 = 0;
UPDATE nullable SET grp = NULL WHERE id = 1;
UPDATE ledger SET amount = amount + 0.0001 WHERE id % 13 = 0;
DELETE FROM ledger WHERE id % 17 = 0;
DELETE FROM emptied;
TRUNCATE refilled;
INSERT INTO refilled SELECT g, 'new ' || g FROM generate_series(51, 80) g;
-- Keys deleted and inserted again, keys changed and changed back, several changes of one row in
-- one transaction, a row deleted and inserted again in one transaction.
DELETE FROM reinserted WHERE id IN (5, 6, 7);
INSERT INTO reinserted VALUES (5, 'five again', 500, timestamptz '2030-01-01 00:00:00+00');
UPDATE reinserted SET id = 1010 WHERE id = 10;
UPDATE reinserted SET id = 10, v = 'ten, back' WHERE id = 1010;
UPDATE reinserted SET id = 1011 WHERE id = 11;
BEGIN;
UPDATE reinserted SET n = n + 1 WHERE id = 20;
UPDATE reinserted SET n = n + 1 WHERE id = 20;
UPDATE reinserted SET v = 'twenty' WHERE id = 20;
DELETE FROM reinserted WHERE id = 21;
INSERT INTO reinserted VALUES (21, 'twenty-one again', NULL, NULL);
DELETE FROM reinserted WHERE id = 22;
INSERT INTO reinserted VALUES (6, 'six again', 6, timestamptz '2024-01-01 06:00:00+00');
COMMIT;
UPDATE reinserted SET v = v WHERE id = 30;
BEGIN;
INSERT INTO reinserted VALUES (99, 'short-lived', 99, NULL);
DELETE FROM reinserted WHERE id = 99;
COMMIT;
-- One of three identical rows, one of two; then one identical row more.
DELETE FROM duplicates WHERE ctid = (SELECT min(ctid) FROM duplicates WHERE a = 1);
DELETE FROM duplicates WHERE ctid = (SELECT max(ctid) FROM duplicates WHERE a = 2);
UPDATE duplicates SET b = 'z' WHERE ctid = (SELECT min(ctid) FROM duplicates WHERE a = 3);
INSERT INTO duplicates VALUES (2, 'y');
-- Updates that leave the TOASTed columns unchanged (pgoutput does not resend them).
UPDATE toasted SET counter = counter + 1 WHERE id % 2 = 0;
UPDATE toasted SET counter = counter + 10 WHERE id % 3 = 0;
