DROP TABLE IF EXISTS orders, customers, events, region_names, vip_customers, region_codes;
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, region text, since date);
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  customer_id int REFERENCES customers (id),
  amount numeric(10,2),
  discount float8,
  ordered_at timestamptz NOT NULL,
  tags text[],
  attrs jsonb
);
INSERT INTO customers
SELECT g, 'customer ' || g, (ARRAY['north','south','east','west',NULL])[1 + g % 5],
       date '2020-01-01' + g
FROM generate_series(1, 200) g;
INSERT INTO orders (customer_id, amount, discount, ordered_at, tags, attrs)
SELECT 1 + g % 200, (g * 7 % 10000) / 100.0,
       CASE WHEN g % 11 = 0 THEN NULL ELSE (g % 13) / 10.0 END,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes',
       CASE WHEN g % 3 = 0 THEN ARRAY['a','b'] ELSE ARRAY['c'] END,
       jsonb_build_object('n', g, 'even', g % 2 = 0)
FROM generate_series(1, 5000) g;

-- A mirrored table with a mixed-case and a reserved-word column name.
CREATE TABLE events (id int PRIMARY KEY, "EventType" text NOT NULL, "order" int, payload jsonb);
INSERT INTO events
SELECT g, (ARRAY['Click', 'View', 'Buy'])[1 + g % 3], g % 17,
       jsonb_build_object('customer', 1 + g % 200, 'tags', jsonb_build_array('t' || (g % 4)))
FROM generate_series(1, 900) g;

-- Ordinary PostgreSQL tables, not mirrored: queries join them with mirrors.
CREATE TABLE region_names (region text PRIMARY KEY, label text NOT NULL, manager text);
INSERT INTO region_names VALUES
  ('north', 'North', 'Ann'), ('south', 'South', NULL), ('east', 'East', 'Bo'), ('central', 'Central', 'Cy');
CREATE TABLE region_codes (code char(4) PRIMARY KEY, region text);
INSERT INTO region_codes VALUES ('N', 'north'), ('S  ', 'south'), ('E W', 'east');
CREATE TABLE vip_customers (id int PRIMARY KEY, since date NOT NULL);
INSERT INTO vip_customers SELECT g, date '2023-01-01' + g FROM generate_series(3, 200, 13) g;
