SELECT id FROM network_and_bits WHERE ip = '::0001' OR ip = '010.0.0.2'::inet ORDER BY id
