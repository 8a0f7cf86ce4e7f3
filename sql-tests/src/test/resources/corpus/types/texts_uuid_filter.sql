SELECT id FROM texts WHERE u = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' OR u > '7fffffff-ffff-ffff-ffff-ffffffffffff' ORDER BY id
