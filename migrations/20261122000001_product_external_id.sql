-- The source system's id of a product (a SKU, a feed's item id), so that
-- re-importing the same file updates the products it names instead of
-- duplicating them.
ALTER TABLE products ADD COLUMN external_id TEXT
    CHECK (length(external_id) BETWEEN 1 AND 200);
-- One live product per external id; the import upserts on this index
-- (ON CONFLICT (external_id) WHERE deleted_at IS NULL). A deleted product
-- keeps its id for the orders that refer to it, and a later import of that
-- id creates a new product.
CREATE UNIQUE INDEX products_external_id_key ON products (external_id)
    WHERE deleted_at IS NULL;
