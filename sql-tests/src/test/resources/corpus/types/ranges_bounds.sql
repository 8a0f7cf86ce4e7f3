SELECT id, lower(ir) AS lo, upper(ir) AS hi, isempty(ir) AS e FROM ranges ORDER BY id
