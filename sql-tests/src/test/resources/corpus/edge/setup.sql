DROP TABLE IF EXISTS nullable, ledger, tz_events, empty_table, emptied, refilled, reinserted,
  duplicates, toasted, averaged;

-- Every column NULL somewhere, one row NULL everywhere but its key.
CREATE TABLE nullable (
  id int PRIMARY KEY,
  grp text,
  n int,
  x numeric(8,3),
  f float8,
  flag boolean,
  label text,
  happened_at date
);
INSERT INTO nullable
SELECT g,
       CASE WHEN g % 4 = 0 THEN NULL ELSE 'g' || (g % 3) END,
       CASE WHEN g % 5 = 0 THEN NULL ELSE g % 7 END,
       CASE WHEN g % 6 = 0 THEN NULL ELSE g * 1.125 END,
       CASE WHEN g % 7 = 0 THEN NULL ELSE g / 8.0 END,
       CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END,
       CASE WHEN g % 8 = 0 THEN NULL WHEN g % 8 = 1 THEN '' ELSE 'label ' || g END,
       CASE WHEN g % 9 = 0 THEN NULL ELSE date '2024-01-01' + g END
FROM generate_series(1, 60) g;
INSERT INTO nullable (id) VALUES (0);

-- Money-like amounts: sums of many values with 4 decimals must not lose a digit.
CREATE TABLE ledger (
  id int PRIMARY KEY,
  account int NOT NULL,
  amount numeric(14,4) NOT NULL,
  rate numeric(6,5),
  big numeric(38,6),
  note varchar(40)
);
INSERT INTO ledger
SELECT g, g % 12, ((g * 7919) % 2000001 - 1000000) / 10000.0, (g % 997) / 100000.0,
       (g::numeric * 123456789012345678.123456) % 99999999999999999999999999999999,
       'entry ' || g
FROM generate_series(1, 5000) g;

-- Instants around daylight-saving changes, read in several session time zones.
CREATE TABLE tz_events (
  id int PRIMARY KEY,
  happened_at timestamptz NOT NULL,
  local_at timestamp NOT NULL,
  day date NOT NULL
);
INSERT INTO tz_events
SELECT g, timestamptz '2024-03-09 00:00:00+00' + g * interval '97 minutes',
       timestamp '2024-10-26 20:00:00' + g * interval '53 minutes',
       date '2024-03-01' + g % 40
FROM generate_series(1, 120) g;

CREATE TABLE empty_table (id int PRIMARY KEY, v text, n numeric(10,2), happened_at timestamptz);
CREATE TABLE emptied (id int PRIMARY KEY, v text);
INSERT INTO emptied SELECT g, 'row ' || g FROM generate_series(1, 100) g;
CREATE TABLE refilled (id int PRIMARY KEY, v text);
INSERT INTO refilled SELECT g, 'old ' || g FROM generate_series(1, 100) g;

CREATE TABLE reinserted (id int PRIMARY KEY, v text, n int, happened_at timestamptz);
INSERT INTO reinserted
SELECT g, 'v' || g, g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 hour'
FROM generate_series(1, 50) g;

-- No key: every column identifies a row; identical rows are distinct rows all the same.
CREATE TABLE duplicates (a int, b text);
ALTER TABLE duplicates REPLICA IDENTITY FULL;
INSERT INTO duplicates VALUES (1, 'x'), (1, 'x'), (1, 'x'), (2, 'y'), (2, 'y'), (3, NULL), (3, NULL);

-- Values large enough to be stored out of line (TOAST), and rarely changed.
CREATE TABLE toasted (id int PRIMARY KEY, counter int, big text, doc jsonb);
ALTER TABLE toasted ALTER COLUMN big SET STORAGE EXTERNAL;
INSERT INTO toasted
SELECT g, 0, (SELECT string_agg(md5((g * 1000 + k)::text), '') FROM generate_series(1, 300) k),
       jsonb_build_object('id', g, 'pad', repeat(md5(g::text), 200))
FROM generate_series(1, 20) g;

-- avg() of every exact type over sums and counts of many magnitudes and signs (its result scale
-- depends on the leading base-10000 digits of both), of floats, and of nothing.
CREATE TABLE averaged (id int PRIMARY KEY, g int, i2 smallint, i4 int, i8 bigint,
  n2 numeric(12,2), n10 numeric(30,10), tiny numeric(20,18), n0 numeric(18,0), f8 float8);
INSERT INTO averaged
SELECT x, x % 12, (x * 37 % 2001 - 1000)::smallint,
       CASE WHEN x % 12 = 3 THEN NULL ELSE (x * 7919) % (10 ^ (x % 9 + 1))::int - (x % 5) * 1000 END,
       ((x::bigint * 2654435761) % 1000000007) * (CASE WHEN x % 2 = 0 THEN 1000000 ELSE -1 END),
       (x * 13 % 100000) / 100.0 - 300, (x * 7 % 99991) / 7.0, (x % 97) / 1e15,
       CASE WHEN x % 12 = 5 THEN 0 ELSE 10 ^ (x % 18) END, x / 3.0
FROM generate_series(1, 3000) x;
INSERT INTO averaged VALUES (9001, 100, 9999, 9999, 99999999, 9999.99, 0.0000000001, 0.000000000000000001, 1, 1),
  (9002, 100, 1, 10000, 100000000, 0.01, 0.0000000001, 0.000000000000000001, 1, 2),
  (9003, 101, -1, -5, -1, -0.05, -0.0000000005, NULL, NULL, NULL),
  (9004, 101, -2, -5, -2, -0.05, -0.0000000005, NULL, NULL, NULL);
