-- After the initial copy: a NaN in a numeric column with a precision.
INSERT INTO numeric_nan VALUES (4, 'NaN');
