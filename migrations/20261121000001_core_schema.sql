-- Core catalog: categories, products, stores, per-store inventory, orders.
-- Every index below serves a lookup, listing or sort that the API or the
-- indexer performs; the comment beside each says which.

CREATE TABLE categories (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Category filters accept a name; names are unique regardless of case.
CREATE UNIQUE INDEX categories_lower_name_key ON categories (lower(name));

CREATE TABLE products (
    id           BIGSERIAL PRIMARY KEY,
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    description  TEXT NOT NULL DEFAULT '',
    price        NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    category_id  BIGINT NOT NULL REFERENCES categories (id),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Products of a category (category filters, category deletes).
CREATE INDEX products_category_id_idx ON products (category_id);
-- Inventory listing is sorted by title, case-insensitively, id as tiebreak.
CREATE INDEX products_lower_title_id_idx ON products (lower(title), id);

CREATE TABLE stores (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    location    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE inventory (
    store_id    BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    product_id  BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL CHECK (quantity >= 0),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Order placement locks (store_id, product_id) rows; the listing scans by store.
    PRIMARY KEY (store_id, product_id)
);
-- Per-product availability across stores (search documents).
CREATE INDEX inventory_product_id_idx ON inventory (product_id);

CREATE TABLE orders (
    id          BIGSERIAL PRIMARY KEY,
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    status      TEXT NOT NULL CHECK (status IN ('CONFIRMED', 'REJECTED')),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- A store's orders, newest first.
CREATE INDEX orders_store_id_created_at_id_idx ON orders (store_id, created_at DESC, id DESC);

CREATE TABLE order_items (
    order_id            BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id          BIGINT NOT NULL REFERENCES products (id),
    quantity_requested  INTEGER NOT NULL CHECK (quantity_requested > 0),
    -- Duplicate lines are merged before insert, so one row per product.
    PRIMARY KEY (order_id, product_id)
);
-- Whether a product has ever been ordered (product deletes).
CREATE INDEX order_items_product_id_idx ON order_items (product_id);
