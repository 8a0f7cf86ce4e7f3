-- read-your-writes: yes
SELECT id, counter FROM toasted ORDER BY id
