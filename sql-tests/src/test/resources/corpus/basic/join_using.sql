SELECT id, c.name, e."EventType" FROM customers c JOIN events e USING (id) WHERE id <= 15 ORDER BY id
