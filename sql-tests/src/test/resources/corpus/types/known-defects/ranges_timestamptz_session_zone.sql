-- known defect: timestamptz values inside a tstzrange are stored as PostgreSQL's text written in the engine's session (UTC), and returned as stored: PostgreSQL shows them in the reader's session time zone (engine ColumnType: tstzrange stored as text)
-- set: TimeZone = 'America/Sao_Paulo'
-- a tstzrange's bounds are shown in the session's time zone
SELECT id, tstzr FROM ranges ORDER BY id
