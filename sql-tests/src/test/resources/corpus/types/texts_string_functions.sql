SELECT id, upper(t) AS u, lower(vc) AS l, length(t) AS n, substr(t, 2, 3) AS s, position('l' IN t) AS p,
       replace(t, 'l', 'L') AS r, left(t, 2) AS lt, right(t, 2) AS rt, lpad(vc, 8, '*') AS lp,
       split_part(t, ' ', 2) AS sp, concat(t, '-', vc) AS c, concat_ws('/', t, vc, nm) AS cw
FROM texts ORDER BY id
