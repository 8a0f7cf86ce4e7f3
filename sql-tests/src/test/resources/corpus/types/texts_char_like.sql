-- LIKE and regular expressions see char(n)'s padding
SELECT id FROM texts WHERE ch LIKE 'ab' OR ch LIKE 'x_y%' OR ch ~ 'a  $' ORDER BY id
