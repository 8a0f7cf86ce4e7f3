SELECT id, d::timestamp::text AS dt, ts::date AS td, tstz::date AS tzd, t::text AS tt FROM temporals WHERE id IN (1, 6, 7, 8, 9) ORDER BY id
