SELECT id FROM network_and_bits WHERE mac = '08-00-2B-01-02-03' ORDER BY id
