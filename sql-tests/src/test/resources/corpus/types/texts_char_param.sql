-- param: text ab
SELECT id, ch FROM texts WHERE ch = ? ORDER BY id
