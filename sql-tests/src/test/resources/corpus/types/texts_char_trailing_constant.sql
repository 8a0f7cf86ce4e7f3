-- a constant compared as char(n): its trailing blanks do not count
SELECT id FROM texts WHERE ch = 'ab ' OR ch IN ('x y  ', 'B') ORDER BY id
