SELECT id, b8, vb FROM network_and_bits ORDER BY vb, id
