SELECT id, n10_2, n38_10 FROM numbers ORDER BY n38_10, id
