SELECT id FROM temporals WHERE iv > interval '1 day' ORDER BY id
