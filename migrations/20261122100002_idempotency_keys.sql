-- Idempotency keys of order placement (Stripe's semantics). The row is
-- inserted first in the placing transaction, so a concurrent request with
-- the same key waits on the primary key until that transaction ends; the
-- order and the answer to replay are filled in before it commits, so no
-- committed key lacks its order and no order placed under a key lacks it.
-- Keys older than 24 hours are purged by a scheduled job.
CREATE TABLE idempotency_keys (
    key              TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    -- The request as parsed; a replay must send an equal one.
    request          JSONB NOT NULL,
    order_id         BIGINT REFERENCES orders (id) ON DELETE CASCADE,
    response_status  SMALLINT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((order_id IS NULL) = (response_body IS NULL)
           AND (response_status IS NULL) = (response_body IS NULL))
);
-- The purge job's scan.
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
