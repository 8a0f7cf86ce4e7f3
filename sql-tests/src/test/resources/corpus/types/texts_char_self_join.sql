SELECT a.id, b.id AS other FROM texts a JOIN texts b ON a.ch >= b.ch WHERE a.ch <= 'b' ORDER BY 1, 2
