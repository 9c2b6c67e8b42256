-- The live index's outbox, soft deletes, scheduled job claims, inventory
-- summaries and order notifications.

-- A deleted product keeps its row (orders refer to it) but leaves the
-- catalog: search, listings and new orders no longer see it.
ALTER TABLE products ADD COLUMN deleted_at TIMESTAMPTZ;

-- One row per change to a product's search document, written in the
-- transaction that made the change. `xid` lets the relay publish only rows
-- of transactions below the snapshot horizon, so a transaction that commits
-- late is published late, never skipped.
CREATE TABLE outbox (
    id            BIGSERIAL PRIMARY KEY,
    xid           xid8 NOT NULL DEFAULT pg_current_xact_id(),
    product_id    BIGINT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
-- The relay's scan: unpublished rows in transaction order.
CREATE INDEX outbox_unpublished_idx ON outbox (xid, id) WHERE published_at IS NULL;
-- The purge job's scan.
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay at commit; it also polls, so a lost notification only delays.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('catalog_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- A scheduled job runs once per scheduled time across all replicas: the
-- replica whose insert wins runs it.
CREATE TABLE job_runs (
    job            TEXT NOT NULL,
    scheduled_for  TIMESTAMPTZ NOT NULL,
    claimed_by     TEXT NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at    TIMESTAMPTZ,
    error          TEXT,
    PRIMARY KEY (job, scheduled_for)
);

CREATE TABLE inventory_summaries (
    store_id           BIGINT NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    summary_date       DATE NOT NULL,
    units              BIGINT NOT NULL,
    distinct_products  BIGINT NOT NULL,
    out_of_stock       BIGINT NOT NULL,
    low_stock          BIGINT NOT NULL,
    stock_value        NUMERIC(18, 2) NOT NULL,
    computed_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The latest summary of a store.
    PRIMARY KEY (store_id, summary_date)
);

-- A confirmed order enqueues its notification in the same transaction.
CREATE TABLE notification_jobs (
    id               BIGSERIAL PRIMARY KEY,
    order_id         BIGINT NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A worker's claim expires, so a crashed worker's job is retried.
    leased_until     TIMESTAMPTZ,
    delivered_at     TIMESTAMPTZ,
    last_error       TEXT
);
-- Workers' scan: due, undelivered jobs.
CREATE INDEX notification_jobs_due_idx ON notification_jobs (next_attempt_at) WHERE delivered_at IS NULL;

-- Exactly one delivery record per order, whatever the workers do.
CREATE TABLE notification_deliveries (
    order_id      BIGINT PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    sink          TEXT NOT NULL,
    delivered_by  TEXT NOT NULL,
    delivered_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
