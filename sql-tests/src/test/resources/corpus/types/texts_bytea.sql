SELECT id, by, length(by) AS n FROM texts ORDER BY by, id
