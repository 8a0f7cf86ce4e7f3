SELECT count(*) FILTER (WHERE attrs @> '{"even": true}') AS even, count(*) FILTER (WHERE attrs ? 'n') AS with_n FROM orders
