-- code points, not graphemes: e followed by a combining accent is two
SELECT id, length(vc) AS n, char_length(t) AS c, reverse(vc) AS r FROM texts ORDER BY id
