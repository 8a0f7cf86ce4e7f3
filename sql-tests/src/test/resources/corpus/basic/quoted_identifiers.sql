SELECT "EventType", count(*) AS c, sum("order") AS s, min("order") AS lo FROM events GROUP BY "EventType" ORDER BY "EventType"
