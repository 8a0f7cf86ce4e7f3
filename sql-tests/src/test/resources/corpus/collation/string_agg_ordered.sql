SELECT string_agg(w, ' ' ORDER BY w) AS sorted FROM words
