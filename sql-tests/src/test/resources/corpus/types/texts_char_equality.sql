-- char(n) ignores trailing blanks: 'abc  ' = 'abc'
SELECT id FROM texts WHERE ch = 'abc' OR ch = 'ab' ORDER BY id
