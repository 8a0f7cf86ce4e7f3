SELECT id, md5(t) AS h FROM texts ORDER BY id
