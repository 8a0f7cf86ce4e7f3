-- set: TimeZone = 'Asia/Tokyo'
-- timestamptz inside an array is shown in the session's time zone
SELECT id, tza FROM arrays ORDER BY id
