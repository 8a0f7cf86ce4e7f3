-- After the initial copy: hits deleted, edited and added (copies of existing rows a quarter of a
-- second later, under new WatchIDs), so that the mirror holds deletion vectors and new rows.
DELETE FROM hits WHERE WatchID % 97 = 0;
UPDATE hits SET Title = Title || ' (edited)', ResolutionWidth = ResolutionWidth + 1,
                SearchPhrase = CASE WHEN SearchPhrase = '' THEN '' ELSE SearchPhrase || '!' END
WHERE WatchID % 89 = 0;
INSERT INTO hits
SELECT WatchID + 500000000000, JavaEnable, Title, GoodEvent, EventTime + interval '0.25 seconds',
       EventDate, CounterID, ClientIP, RegionID, UserID, CounterClass, OS, UserAgent, URL, Referer,
       IsRefresh, RefererCategoryID, RefererRegionID, URLCategoryID, URLRegionID, ResolutionWidth,
       ResolutionHeight, ResolutionDepth, FlashMajor, FlashMinor, FlashMinor2, NetMajor, NetMinor,
       UserAgentMajor, UserAgentMinor, CookieEnable, JavascriptEnable, IsMobile, MobilePhone,
       MobilePhoneModel, Params, IPNetworkID, TraficSourceID, SearchEngineID, SearchPhrase,
       AdvEngineID, IsArtifical, WindowClientWidth, WindowClientHeight, ClientTimeZone,
       ClientEventTime, SilverlightVersion1, SilverlightVersion2, SilverlightVersion3,
       SilverlightVersion4, PageCharset, CodeVersion, IsLink, IsDownload, IsNotBounce, FUniqID,
       OriginalURL, HID, IsOldCounter, IsEvent, IsParameter, DontCountHits, WithHash, HitColor,
       LocalEventTime, Age, Sex, Income, Interests, Robotness, RemoteIP, WindowName, OpenerName,
       HistoryLength, BrowserLanguage, BrowserCountry, SocialNetwork, SocialAction, HTTPError,
       SendTiming, DNSTiming, ConnectTiming, ResponseStartTiming, ResponseEndTiming, FetchTiming,
       SocialSourceNetworkID, SocialSourcePage, ParamPrice, ParamOrderID, ParamCurrency,
       ParamCurrencyID, OpenstatServiceName, OpenstatCampaignID, OpenstatAdID, OpenstatSourceID,
       UTMSource, UTMMedium, UTMCampaign, UTMContent, UTMTerm, FromTag, HasGCLID, RefererHash,
       URLHash, CLID
FROM hits WHERE WatchID % 83 = 0;
