SELECT id, pi - 1 AS prev, st, length(st) AS n FROM user_types ORDER BY pi, id
