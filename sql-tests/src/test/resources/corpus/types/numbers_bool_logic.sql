SELECT id, b AND i4 > 0 AS a, b OR NULL AS o, NOT b AS n, b IS NOT TRUE AS nt FROM numbers ORDER BY id
