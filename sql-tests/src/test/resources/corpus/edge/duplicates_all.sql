SELECT a, b FROM duplicates
