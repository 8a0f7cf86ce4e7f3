-- read-your-writes: yes
SELECT a, b FROM duplicates
