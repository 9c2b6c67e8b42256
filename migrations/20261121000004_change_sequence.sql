-- The change log behind the live index. The relay numbers committed outbox
-- rows with a gapless sequence (1, 2, 3 ...) kept here, in PostgreSQL;
-- every indexer checkpoints the last number it applied in its index. Redis
-- only carries the numbered changes fast: an indexer that sees a gap, or
-- nothing while PostgreSQL has newer numbers, reads the missing range from
-- this table. Rows stay for OUTBOX_RETENTION_HOURS; an indexer that needs a
-- purged range rebuilds.

-- Rows of the old design were already published to the old stream; every
-- index generation of the old design is rebuilt on first start (its
-- checkpoint is not a sequence number), so they are not needed.
DELETE FROM outbox WHERE published_at IS NOT NULL;

DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
DROP INDEX outbox_unpublished_idx;
DROP INDEX outbox_published_at_idx;
-- Numbering replaces the snapshot horizon: the relay picks whatever rows are
-- committed and unnumbered, so no transaction's rows can be skipped.
ALTER TABLE outbox DROP COLUMN xid;

-- What a change asks of every indexer: re-read one product, or rebuild the
-- whole index (the scheduled reindex, which must reach every replica).
ALTER TABLE outbox ALTER COLUMN product_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'product'
    CHECK (kind IN ('product', 'reindex'));
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_product_check
    CHECK ((kind = 'product') = (product_id IS NOT NULL));
ALTER TABLE outbox ADD COLUMN seq BIGINT;
-- Indexers read ranges by number.
ALTER TABLE outbox ADD CONSTRAINT outbox_seq_key UNIQUE (seq);
-- The relay's scan: committed rows not numbered yet.
CREATE INDEX outbox_unnumbered_idx ON outbox (id) WHERE seq IS NULL;
-- The purge job's scan.
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE seq IS NOT NULL;

-- The last number handed out; one row, locked by the relay while numbering.
CREATE TABLE change_sequence (
    singleton  BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    last_seq   BIGINT NOT NULL CHECK (last_seq >= 0)
);
INSERT INTO change_sequence (last_seq) VALUES (0);
