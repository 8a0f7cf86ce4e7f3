SELECT id, ia[1] AS first, ta[2] AS second, im[1][2] AS cell FROM arrays ORDER BY id
