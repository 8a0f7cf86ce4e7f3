SELECT count(*) AS c, min(v) AS lo FROM emptied
