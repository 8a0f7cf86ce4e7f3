-- ClickBench Q10 (ties broken by the added sort keys: MobilePhoneModel)
SELECT MobilePhoneModel, COUNT(DISTINCT UserID) AS u
FROM hits
WHERE MobilePhoneModel <> ''
GROUP BY MobilePhoneModel
ORDER BY u DESC, MobilePhoneModel
LIMIT 10
