SELECT * FROM network_and_bits ORDER BY id
