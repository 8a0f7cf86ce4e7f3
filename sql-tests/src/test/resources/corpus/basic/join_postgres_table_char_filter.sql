-- an ordinary table's char(n) column compared with a constant: its padding does not count
SELECT c.id, rc.code FROM customers c JOIN region_codes rc ON rc.region = c.region
WHERE rc.code = 'N' OR rc.code = 'S' ORDER BY c.id
