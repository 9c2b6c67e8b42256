-- The daily summary's stock value is the sum of quantity * price over a
-- store's lines. One line may hold 1,000,000 units (the API's stock cap) at
-- 9,999,999,999.99 (the NUMERIC(12, 2) price cap): just under 10^16, which
-- NUMERIC(18, 2) (16 integer digits) holds once; a second such line
-- overflowed it and failed the whole summary job. 26 integer digits hold
-- ten billion such lines per store and stay within the 28 significant
-- digits rust_decimal reads.
ALTER TABLE inventory_summaries ALTER COLUMN stock_value TYPE NUMERIC(28, 2);
