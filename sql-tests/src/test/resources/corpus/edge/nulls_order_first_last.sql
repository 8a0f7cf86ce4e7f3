SELECT id, n, label FROM nullable ORDER BY n NULLS FIRST, label DESC NULLS LAST, id
