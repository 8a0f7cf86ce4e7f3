-- ClickBench's hits table, as its PostgreSQL schema declares it.
DROP TABLE IF EXISTS hits;
CREATE TABLE hits (
  WatchID BIGINT NOT NULL,
  JavaEnable SMALLINT NOT NULL,
  Title TEXT NOT NULL,
  GoodEvent SMALLINT NOT NULL,
  EventTime TIMESTAMP NOT NULL,
  EventDate Date NOT NULL,
  CounterID INTEGER NOT NULL,
  ClientIP INTEGER NOT NULL,
  RegionID INTEGER NOT NULL,
  UserID BIGINT NOT NULL,
  CounterClass SMALLINT NOT NULL,
  OS SMALLINT NOT NULL,
  UserAgent SMALLINT NOT NULL,
  URL TEXT NOT NULL,
  Referer TEXT NOT NULL,
  IsRefresh SMALLINT NOT NULL,
  RefererCategoryID SMALLINT NOT NULL,
  RefererRegionID INTEGER NOT NULL,
  URLCategoryID SMALLINT NOT NULL,
  URLRegionID INTEGER NOT NULL,
  ResolutionWidth SMALLINT NOT NULL,
  ResolutionHeight SMALLINT NOT NULL,
  ResolutionDepth SMALLINT NOT NULL,
  FlashMajor SMALLINT NOT NULL,
  FlashMinor SMALLINT NOT NULL,
  FlashMinor2 TEXT NOT NULL,
  NetMajor SMALLINT NOT NULL,
  NetMinor SMALLINT NOT NULL,
  UserAgentMajor SMALLINT NOT NULL,
  UserAgentMinor VARCHAR(255) NOT NULL,
  CookieEnable SMALLINT NOT NULL,
  JavascriptEnable SMALLINT NOT NULL,
  IsMobile SMALLINT NOT NULL,
  MobilePhone SMALLINT NOT NULL,
  MobilePhoneModel TEXT NOT NULL,
  Params TEXT NOT NULL,
  IPNetworkID INTEGER NOT NULL,
  TraficSourceID SMALLINT NOT NULL,
  SearchEngineID SMALLINT NOT NULL,
  SearchPhrase TEXT NOT NULL,
  AdvEngineID SMALLINT NOT NULL,
  IsArtifical SMALLINT NOT NULL,
  WindowClientWidth SMALLINT NOT NULL,
  WindowClientHeight SMALLINT NOT NULL,
  ClientTimeZone SMALLINT NOT NULL,
  ClientEventTime TIMESTAMP NOT NULL,
  SilverlightVersion1 SMALLINT NOT NULL,
  SilverlightVersion2 SMALLINT NOT NULL,
  SilverlightVersion3 INTEGER NOT NULL,
  SilverlightVersion4 SMALLINT NOT NULL,
  PageCharset TEXT NOT NULL,
  CodeVersion INTEGER NOT NULL,
  IsLink SMALLINT NOT NULL,
  IsDownload SMALLINT NOT NULL,
  IsNotBounce SMALLINT NOT NULL,
  FUniqID BIGINT NOT NULL,
  OriginalURL TEXT NOT NULL,
  HID INTEGER NOT NULL,
  IsOldCounter SMALLINT NOT NULL,
  IsEvent SMALLINT NOT NULL,
  IsParameter SMALLINT NOT NULL,
  DontCountHits SMALLINT NOT NULL,
  WithHash SMALLINT NOT NULL,
  HitColor CHAR NOT NULL,
  LocalEventTime TIMESTAMP NOT NULL,
  Age SMALLINT NOT NULL,
  Sex SMALLINT NOT NULL,
  Income SMALLINT NOT NULL,
  Interests SMALLINT NOT NULL,
  Robotness SMALLINT NOT NULL,
  RemoteIP INTEGER NOT NULL,
  WindowName INTEGER NOT NULL,
  OpenerName INTEGER NOT NULL,
  HistoryLength SMALLINT NOT NULL,
  BrowserLanguage TEXT NOT NULL,
  BrowserCountry TEXT NOT NULL,
  SocialNetwork TEXT NOT NULL,
  SocialAction TEXT NOT NULL,
  HTTPError SMALLINT NOT NULL,
  SendTiming INTEGER NOT NULL,
  DNSTiming INTEGER NOT NULL,
  ConnectTiming INTEGER NOT NULL,
  ResponseStartTiming INTEGER NOT NULL,
  ResponseEndTiming INTEGER NOT NULL,
  FetchTiming INTEGER NOT NULL,
  SocialSourceNetworkID SMALLINT NOT NULL,
  SocialSourcePage TEXT NOT NULL,
  ParamPrice BIGINT NOT NULL,
  ParamOrderID TEXT NOT NULL,
  ParamCurrency TEXT NOT NULL,
  ParamCurrencyID SMALLINT NOT NULL,
  OpenstatServiceName TEXT NOT NULL,
  OpenstatCampaignID TEXT NOT NULL,
  OpenstatAdID TEXT NOT NULL,
  OpenstatSourceID TEXT NOT NULL,
  UTMSource TEXT NOT NULL,
  UTMMedium TEXT NOT NULL,
  UTMCampaign TEXT NOT NULL,
  UTMContent TEXT NOT NULL,
  UTMTerm TEXT NOT NULL,
  FromTag TEXT NOT NULL,
  HasGCLID SMALLINT NOT NULL,
  RefererHash BIGINT NOT NULL,
  URLHash BIGINT NOT NULL,
  CLID INTEGER NOT NULL,
  PRIMARY KEY (CounterID, EventDate, UserID, EventTime, WatchID)
);

-- 120,000 rows of deterministic pseudo-random values (multiplicative hashes of the row number g),
-- shaped so that every one of the 43 queries finds rows: CounterID 62 dominates (the HAVING
-- count(*) > 100000 of Q27), one referer domain dominates (Q28), July 2013 with a unique EventTime
-- per row (ORDER BY EventTime), many distinct URLs, (URLHash, date) pairs and window sizes for the
-- OFFSET 1000/100/10000 of Q38-Q41, the UserID of Q19, Google in some URLs and titles.
INSERT INTO hits
SELECT
  1000000000000 + g * 7919,                                                 -- WatchID
  (g % 2),                                                                  -- JavaEnable
  CASE WHEN g % 7 = 0 THEN ''
       WHEN g % 5 = 0 THEN 'Google search results ' || (g % 23)
       ELSE 'Page title ' || (g * 13 % 997) END,                            -- Title
  1,                                                                        -- GoodEvent
  et,                                                                       -- EventTime
  et::date,                                                                 -- EventDate
  CASE WHEN g % 10 < 9 THEN 62 ELSE 100 + g % 37 END,                       -- CounterID
  (g * 48271 % 20011) * 100000 - 1000000000,                                -- ClientIP
  (g % 229),                                                                -- RegionID
  435090932899640449 + (g * 31337 % 3001) * 1000003,                        -- UserID
  0,                                                                        -- CounterClass
  (g % 17),                                                                 -- OS
  (g % 23),                                                                 -- UserAgent
  CASE WHEN g % 50 = 0 THEN ''
       WHEN g % 11 = 0 THEN 'http://www.google.com/search?q=' || (g % 301)
       WHEN g % 13 = 0 THEN 'https://maps.google.ru/place/' || (g % 157)
       ELSE 'http://example' || (g % 7) || '.ru/page/' || (g * 3 % 2003) END, -- URL
  CASE WHEN g % 100 = 0 THEN ''
       WHEN g % 17 = 0 THEN 'https://www.yandex.ru/search/?text=' || (g % 89)
       ELSE 'http://www.referer.com/path/' || (g % 401) END,                -- Referer
  (g % 10 = 0)::int,                                                        -- IsRefresh
  (g % 5),                                                                  -- RefererCategoryID
  (g % 229),                                                                -- RefererRegionID
  (g % 7),                                                                  -- URLCategoryID
  (g % 113),                                                                -- URLRegionID
  800 + (g * 7 % 1201),                                                     -- ResolutionWidth
  600 + (g % 601),                                                          -- ResolutionHeight
  (ARRAY[16, 24, 32])[1 + g % 3],                                           -- ResolutionDepth
  (g % 12),                                                                 -- FlashMajor
  (g % 3),                                                                  -- FlashMinor
  (g % 4)::text,                                                            -- FlashMinor2
  (g % 4),                                                                  -- NetMajor
  (g % 9),                                                                  -- NetMinor
  (g % 40),                                                                 -- UserAgentMajor
  (g % 3)::text || '.' || (g % 7),                                          -- UserAgentMinor
  1,                                                                        -- CookieEnable
  (g % 9 <> 0)::int,                                                        -- JavascriptEnable
  (g % 6 < 2)::int,                                                         -- IsMobile
  (g % 5),                                                                  -- MobilePhone
  CASE g % 6 WHEN 0 THEN 'iPhone ' || (g % 9)
             WHEN 1 THEN 'Galaxy S' || (g % 5) ELSE '' END,                 -- MobilePhoneModel
  CASE WHEN g % 4 = 0 THEN 'a=' || (g % 17) ELSE '' END,                    -- Params
  (g * 17 % 65521),                                                         -- IPNetworkID
  (g % 9) - 1,                                                              -- TraficSourceID
  (g % 3),                                                                  -- SearchEngineID
  CASE WHEN g % 5 = 0 THEN 'search phrase ' || (g * 7 % 311)
       WHEN g % 5 = 1 THEN 'поиск ' || (g % 53)
       ELSE '' END,                                                         -- SearchPhrase
  CASE WHEN g % 8 = 0 THEN 1 + g % 5 ELSE 0 END,                            -- AdvEngineID
  0,                                                                        -- IsArtifical
  (g * 7 % 1601),                                                           -- WindowClientWidth
  (g * 13 % 997),                                                           -- WindowClientHeight
  (g % 25) - 12,                                                            -- ClientTimeZone
  et - (g % 3600) * interval '1 second',                                    -- ClientEventTime
  (g % 6),                                                                  -- SilverlightVersion1
  (g % 3),                                                                  -- SilverlightVersion2
  (g % 70000),                                                              -- SilverlightVersion3
  (g % 2),                                                                  -- SilverlightVersion4
  (ARRAY['utf-8', 'windows-1251', 'koi8-r'])[1 + g % 3],                    -- PageCharset
  100 + g % 50,                                                             -- CodeVersion
  (g % 4 = 1)::int,                                                         -- IsLink
  (g % 31 = 0)::int,                                                        -- IsDownload
  (g % 2),                                                                  -- IsNotBounce
  g * 104729,                                                               -- FUniqID
  CASE WHEN g % 3 = 0 THEN 'http://original.example/' || (g % 101) ELSE '' END, -- OriginalURL
  (g * 7 % 100003),                                                         -- HID
  0,                                                                        -- IsOldCounter
  (g % 13 = 0)::int,                                                        -- IsEvent
  (g % 19 = 0)::int,                                                        -- IsParameter
  (g % 20 = 1)::int,                                                        -- DontCountHits
  (g % 2),                                                                  -- WithHash
  (ARRAY['D', 'E', 'F'])[1 + g % 3],                                        -- HitColor
  et + (g % 7200 - 3600) * interval '1 second',                             -- LocalEventTime
  (g % 80),                                                                 -- Age
  (g % 3),                                                                  -- Sex
  (g % 5),                                                                  -- Income
  (g % 1000),                                                               -- Interests
  (g % 4),                                                                  -- Robotness
  (g * 69069 % 1000003) - 500000,                                           -- RemoteIP
  (g % 100),                                                                -- WindowName
  (g % 50) - 1,                                                             -- OpenerName
  (g % 20),                                                                 -- HistoryLength
  (ARRAY['ru', 'en', 'de', 'uk'])[1 + g % 4],                               -- BrowserLanguage
  (ARRAY['RU', 'US', 'DE', 'UA', 'BY'])[1 + g % 5],                         -- BrowserCountry
  CASE WHEN g % 11 = 1 THEN 'vk' ELSE '' END,                               -- SocialNetwork
  CASE WHEN g % 11 = 1 THEN 'like' ELSE '' END,                             -- SocialAction
  CASE WHEN g % 97 = 0 THEN 404 ELSE 0 END,                                 -- HTTPError
  (g % 1000),                                                               -- SendTiming
  (g % 200),                                                                -- DNSTiming
  (g % 300),                                                                -- ConnectTiming
  (g % 2000),                                                               -- ResponseStartTiming
  (g % 3000),                                                               -- ResponseEndTiming
  (g % 4000),                                                               -- FetchTiming
  (g % 4),                                                                  -- SocialSourceNetworkID
  CASE WHEN g % 11 = 1 THEN 'http://vk.com/feed' ELSE '' END,               -- SocialSourcePage
  (g % 5000) * 100,                                                         -- ParamPrice
  CASE WHEN g % 29 = 0 THEN 'order-' || g ELSE '' END,                      -- ParamOrderID
  CASE WHEN g % 29 = 0 THEN 'RUB' ELSE '' END,                              -- ParamCurrency
  CASE WHEN g % 29 = 0 THEN 643 ELSE 0 END,                                 -- ParamCurrencyID
  '',                                                                       -- OpenstatServiceName
  '',                                                                       -- OpenstatCampaignID
  '',                                                                       -- OpenstatAdID
  '',                                                                       -- OpenstatSourceID
  CASE WHEN g % 23 = 0 THEN 'newsletter' ELSE '' END,                       -- UTMSource
  CASE WHEN g % 23 = 0 THEN 'email' ELSE '' END,                            -- UTMMedium
  CASE WHEN g % 23 = 0 THEN 'summer' ELSE '' END,                           -- UTMCampaign
  '',                                                                       -- UTMContent
  '',                                                                       -- UTMTerm
  '',                                                                       -- FromTag
  (g % 37 = 0)::int,                                                        -- HasGCLID
  CASE WHEN g % 2 = 0 THEN 3594120000172545465
       ELSE 7000000000000000000 + g % 700 END,                              -- RefererHash
  CASE WHEN g % 3 = 0 THEN 2868770270353813622
       ELSE 1000000007 * (g % 500) END,                                     -- URLHash
  (g % 10)                                                                  -- CLID
FROM generate_series(1::bigint, 120000) AS g,
     LATERAL (SELECT timestamp '2013-07-01 00:00:00' + (g * 7919 % 2678400) * interval '1 second')
       AS t(et);
