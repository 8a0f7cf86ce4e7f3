-- known defect: timestamptz values inside a timestamptz[] are stored as PostgreSQL's text written in the engine's session (UTC), and returned as stored: PostgreSQL shows them in the reader's session time zone (engine ColumnType: timestamptz[] stored as text)
-- set: TimeZone = 'Asia/Tokyo'
-- timestamptz inside an array is shown in the session's time zone
SELECT id, tza FROM arrays ORDER BY id
