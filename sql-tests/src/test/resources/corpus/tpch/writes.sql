-- After the initial copy, in the spirit of TPC-H's refresh functions: new orders with their line
-- items (RF1), orders deleted with their line items (RF2), and a few updates. New rows are copies
-- of existing ones under new keys, with other dates and prices so that no ordering gets ties.
INSERT INTO orders
SELECT o_orderkey + 600000, o_custkey, o_orderstatus, o_totalprice + 0.37, o_orderdate + 3,
       o_orderpriority, o_clerk, o_shippriority, left('refresh ' || o_comment, 79)
FROM orders WHERE o_orderkey % 50 = 1;
INSERT INTO lineitem
SELECT l_orderkey + 600000, l_partkey, l_suppkey, l_linenumber, l_quantity,
       l_extendedprice + 0.11 * l_linenumber, l_discount, l_tax, l_returnflag, l_linestatus,
       l_shipdate + 3, l_commitdate + 3, l_receiptdate + 3, l_shipinstruct, l_shipmode, l_comment
FROM lineitem WHERE l_orderkey % 50 = 1;
DELETE FROM lineitem WHERE l_orderkey % 50 = 2;
DELETE FROM orders WHERE o_orderkey % 50 = 2;
UPDATE part SET p_retailprice = p_retailprice + 1.5 WHERE p_partkey % 40 = 0;
UPDATE lineitem SET l_discount = 0.04, l_comment = 'updated' WHERE l_orderkey % 61 = 0;
UPDATE customer SET c_acctbal = c_acctbal - 100 WHERE c_custkey % 33 = 0;
