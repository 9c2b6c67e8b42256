-- The sales signal: units of each product in CONFIRMED orders over the last
-- 30 days (db/sales.rs). A scheduled job counts the 30 days up to a cutoff
-- and stores the counts; whoever reads a product's figure adds the units
-- ordered after the cutoff. That read must stay small however long a
-- product's order history grows, so order lines carry their time, indexed
-- per product.

-- The order's own time (both default to the placing transaction's start).
ALTER TABLE order_items ADD COLUMN created_at TIMESTAMPTZ;
UPDATE order_items i SET created_at = o.created_at FROM orders o WHERE o.id = i.order_id;
ALTER TABLE order_items
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN created_at SET NOT NULL;
-- A product's lines after a time (the sales signal), and whether it was ever
-- ordered (product deletes): one index serves both, so an order line
-- maintains as many indexes as before.
DROP INDEX order_items_product_id_idx;
CREATE INDEX order_items_product_id_created_at_idx ON order_items (product_id, created_at);

-- What the job counted: units per product over the 30 days up to
-- `sales_signal.counted_at`. Products that sold nothing have no row.
CREATE TABLE product_sales (
    product_id  BIGINT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    units_30d   BIGINT NOT NULL CHECK (units_30d > 0)
);

-- The cutoff of those counts: one row. Before the first count nothing is
-- stored and every unit of the last 30 days is counted on reading.
CREATE TABLE sales_signal (
    singleton   BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    counted_at  TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO sales_signal DEFAULT VALUES;
