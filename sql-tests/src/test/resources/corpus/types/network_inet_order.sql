SELECT id, ip FROM network_and_bits ORDER BY ip, id
