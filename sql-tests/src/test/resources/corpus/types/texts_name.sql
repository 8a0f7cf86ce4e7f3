SELECT id, nm, length(nm) AS n FROM texts ORDER BY nm, id
