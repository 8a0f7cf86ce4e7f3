-- ClickBench Q11 (ties broken by the added sort keys: MobilePhone, MobilePhoneModel)
SELECT MobilePhone, MobilePhoneModel, COUNT(DISTINCT UserID) AS u
FROM hits
WHERE MobilePhoneModel <> ''
GROUP BY MobilePhone, MobilePhoneModel
ORDER BY u DESC, MobilePhone, MobilePhoneModel
LIMIT 10
