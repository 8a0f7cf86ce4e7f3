-- One table per family of types, so that a type the engine cannot mirror fails only its family.
-- Row 2 of every table is NULL in every column; rows from 3 on hold the types' extremes.
DROP TABLE IF EXISTS numbers, texts, temporals, network_and_bits, documents, arrays, user_types,
  ranges, numeric_nan;
DROP TYPE IF EXISTS mood, pair;
DROP DOMAIN IF EXISTS positive_int, short_text;

CREATE TABLE numbers (
  id int PRIMARY KEY,
  b boolean,
  i2 smallint,
  i4 integer,
  i8 bigint,
  f4 real,
  f8 double precision,
  n numeric,
  n10_2 numeric(10,2),
  n38_10 numeric(38,10),
  n50_5 numeric(50,5),
  m money
);
INSERT INTO numbers VALUES
  (1, true, 1, 10, 100, 1.5, 2.25, 3.14159, 12.50, 1.0000000001, 1.5, 12.34),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, false, -32768, -2147483648, -9223372036854775808, -3.4028235e38, -1.7976931348623157e308,
   -123456789012345678901234567890.123456789012345678901234567890, -99999999.99,
   -9999999999999999999999999999.9999999999,
   -123456789012345678901234567890123456789012345.12345, -92233720368547758.08),
  (4, true, 32767, 2147483647, 9223372036854775807, 3.4028235e38, 1.7976931348623157e308,
   0.000000000000000000000000000000000000000000000001, 99999999.99,
   9999999999999999999999999999.9999999999,
   123456789012345678901234567890123456789012345.12345, 92233720368547758.07),
  (5, false, 0, 0, 0, 'NaN', 'NaN', 'NaN', 0.00, 0, 0.00000, 0),
  (6, true, -1, -1, -1, 'Infinity', 'Infinity', 1.10, -0.01, -0.0000000001, -0.00001, -0.01),
  (7, false, 7, 7, 7, '-Infinity', '-Infinity', 2.000, 7.00, 7, 7, 7),
  (8, true, 2, 3, 5, 1e-37, 1e-300, 1.0, 1.00, 1, 1, 1),
  (9, NULL, 3, -7, 8, '-0', '-0', -1.5, -1.50, 0.5, 0.5, 0.5);

CREATE TABLE texts (
  id int PRIMARY KEY,
  t text,
  vc varchar(20),
  ch char(5),
  nm name,
  by bytea,
  u uuid
);
INSERT INTO texts VALUES
  (1, 'hello', 'world', 'abc', 'a_name', '\x0102ff', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '', '', '', '', '\x', '00000000-0000-0000-0000-000000000000'),
  (4, 'quote '' and backslash \ and "double"', 'tab	and newline
here', 'x y', repeat('n', 63), '\x00', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  (5, 'Ünïcödé ✓ 日本語 😀', E'Äe\u0301', 'é', 'ß', decode('deadbeef', 'hex'),
   '123e4567-e89b-12d3-a456-426614174000'),
  (6, 'trailing spaces   ', 'lead', 'ab   ', 'upper', '\x5c27', '7fffffff-ffff-ffff-ffff-ffffffffffff'),
  (7, 'Apple', 'apple', 'B', 'b', '\x80', '80000000-0000-0000-0000-000000000000'),
  (8, 'apple', 'Apple', 'a', 'A', '\x7f', '00000000-0000-0000-0000-000000000001');

CREATE TABLE temporals (
  id int PRIMARY KEY,
  d date,
  t time,
  ttz timetz,
  ts timestamp,
  tstz timestamptz,
  iv interval
);
INSERT INTO temporals VALUES
  (1, '2024-02-29', '13:45:10', '13:45:10+02', '2024-02-29 13:45:10', '2024-02-29 13:45:10+02',
   '1 year 2 months 3 days 04:05:06'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 'infinity', '00:00:00', '00:00:00-14', 'infinity', 'infinity', '-178000000 years'),
  (4, '-infinity', '24:00:00', '24:00:00+14', '-infinity', '-infinity', '178000000 years'),
  (5, '0044-03-15 BC', '23:59:59.999999', '23:59:59.999999+05:30', '0044-03-15 12:00:00 BC',
   '0044-03-15 12:00:00+00 BC', '-1 days +02:00:00'),
  (6, '1970-01-01', '12:00:00.5', '12:00:00.5-03:30', '1970-01-01 00:00:00.000001',
   '1970-01-01 00:00:00.000001+00', '00:00:00.000001'),
  (7, '9999-12-31', '01:02:03.123456', '01:02:03+00', '9999-12-31 23:59:59.999999',
   '2038-01-19 03:14:08+00', '1 day'),
  (8, '2000-01-01', '06:00:00', '06:00:00-08', '2000-01-01 00:00:00', '1900-01-01 00:00:00+01',
   '24:00:00'),
  (9, '1999-12-31', '18:30:00', '18:30:00+01', '1999-12-31 23:59:59', '1999-12-31 23:59:59-05',
   '-1 mons 3 days -00:00:01');

CREATE TABLE network_and_bits (
  id int PRIMARY KEY,
  ip inet,
  net cidr,
  mac macaddr,
  b8 bit(8),
  vb bit varying(16)
);
INSERT INTO network_and_bits VALUES
  (1, '192.168.1.10/24', '192.168.1.0/24', '08:00:2b:01:02:03', B'10101010', B'101'),
  (2, NULL, NULL, NULL, NULL, NULL),
  (3, '::1', '::/0', '00:00:00:00:00:00', B'00000000', B''),
  (4, '2001:db8::1/64', '2001:db8::/32', 'ff:ff:ff:ff:ff:ff', B'11111111', B'1111111111111111'),
  (5, '10.0.0.2', '10.0.0.0/8', '01:23:45:67:89:ab', B'00000001', B'0'),
  (6, '9.255.255.255', '9.0.0.0/8', 'aa:bb:cc:dd:ee:ff', B'10000000', B'11');

CREATE TABLE documents (
  id int PRIMARY KEY,
  j json,
  jb jsonb
);
INSERT INTO documents VALUES
  (1, '{"a": 1, "b": "two", "c": [1, 2, 3]}', '{"a": 1, "b": "two", "c": [1, 2, 3]}'),
  (2, NULL, NULL),
  (3, '{ "keep" :  "spaces",  "dup": 1, "dup": 2 }', '{"price": 2.50, "big": 12345678901234567890.123, "neg": -0.0, "exp": 1e3}'),
  (4, '[]', '[]'),
  (5, '"just a string"', '"just a string"'),
  (6, 'null', 'null'),
  (7, '{"nested": {"deep": {"x": [true, false, null]}}, "u": "\u00e9\n"}',
   '{"nested": {"deep": {"x": [true, false, null]}}, "u": "\u00e9\n"}'),
  (8, '12.50', '12.50'),
  (9, '{"a": null}', '{"a": null, "b": {"c": "d"}}');

CREATE TABLE arrays (
  id int PRIMARY KEY,
  ia int[],
  ta text[],
  im int[][],
  na numeric[],
  da date[],
  ba boolean[],
  fa float8[],
  tza timestamptz[],
  ua uuid[]
);
INSERT INTO arrays VALUES
  (1, '{1,2,3}', '{a,b,c}', '{{1,2},{3,4}}', '{1.5,2.25}', '{2024-01-01,2024-12-31}', '{t,f}',
   '{1.5,-2.5}', '{"2024-01-01 10:00:00+00","2024-07-01 10:00:00+00"}',
   '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'),
  (4, '{NULL,1,NULL}', '{NULL,"","\"quoted\"","with,comma","NULL"}', '{{NULL,1},{2,NULL}}',
   '{NaN,NULL,0.000001}', '{NULL,infinity}', '{NULL,t}', '{NaN,Infinity,-Infinity,NULL}',
   '{NULL,infinity}', '{NULL}'),
  (5, '{10,9}', '{"b","a"}', '{{{1}},{{2}}}', '{-1,100}', '{1999-01-01}', '{f}', '{0.1}',
   '{"1999-12-31 23:59:59.5+00"}', '{00000000-0000-0000-0000-000000000000}'),
  (6, '[0:2]={7,8,9}', '{"space here","{braces}"}', '{{5,6,7}}', '{123456789012345678901234567890}',
   '{0044-03-15 BC}', '{t,t,t}', '{1e308}', '{"0044-03-15 12:00:00+00 BC"}', '{}'),
  (7, '{-1}', '{Z}', '{{0}}', '{0}', '{2000-02-29}', '{f,f}', '{-0.0}', NULL, NULL);

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE DOMAIN short_text AS varchar(10);
CREATE TYPE pair AS (a integer, b text);
CREATE TABLE user_types (
  id int PRIMARY KEY,
  mo mood,
  pi positive_int,
  st short_text,
  pr pair,
  moods mood[]
);
INSERT INTO user_types VALUES
  (1, 'happy', 1, 'short', ROW(1, 'one'), '{sad,happy}'),
  (2, NULL, NULL, NULL, NULL, NULL),
  (3, 'sad', 2147483647, '', ROW(NULL, NULL), '{}'),
  (4, 'ok', 42, 'ten chars!', ROW(-1, 'with "quotes", commas and (parens)'), '{ok,NULL}'),
  (5, 'happy', 7, 'x', ROW(0, ''), '{happy}'),
  (6, 'sad', 3, 'y', ROW(5, NULL), '{sad,sad}');

CREATE TABLE ranges (
  id int PRIMARY KEY,
  ir int4range,
  lr int8range,
  nr numrange,
  dr daterange,
  tsr tsrange,
  tstzr tstzrange,
  imr int4multirange
);
INSERT INTO ranges VALUES
  (1, '[1,10)', '[1,100]', '(1.5,2.5]', '[2024-01-01,2024-02-01)', '[2024-01-01 10:00,2024-01-01 12:00)',
   '[2024-01-01 10:00+00,2024-01-01 12:00+00)', '{[1,3),[5,7)}'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
  (3, 'empty', 'empty', 'empty', 'empty', 'empty', 'empty', '{}'),
  (4, '(,)', '[0,)', '(,0]', '[2024-01-01,infinity)', '(,2024-01-01 00:00)', '[-infinity,infinity]',
   '{(,)}'),
  (5, '[5,5]', '[-9223372036854775808,9223372036854775807)', '[-1.000,1.000]', '[2000-02-28,2000-03-01]',
   '[2000-01-01 00:00:00.000001,2000-01-01 00:00:00.000002]', '(1970-01-01 00:00+00,1970-01-02 00:00+00]',
   '{[10,20]}');

-- numeric with a precision holds NaN in PostgreSQL, not in DuckDB's DECIMAL: writes.sql adds one.
CREATE TABLE numeric_nan (id int PRIMARY KEY, n numeric(10,2));
INSERT INTO numeric_nan VALUES (1, 1.50), (2, NULL), (3, -0.01);
