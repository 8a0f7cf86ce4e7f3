SELECT id, t ~ '^[a-z]+$' AS lower_only, t ~* '^app' AS app, vc !~ 'l' AS no_l,
       regexp_replace(t, '[aeiou]', '#', 'g') AS r
FROM texts ORDER BY id
