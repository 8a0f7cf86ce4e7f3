-- set: TimeZone = 'America/Sao_Paulo'
-- a tstzrange's bounds are shown in the session's time zone
SELECT id, tstzr FROM ranges ORDER BY id
