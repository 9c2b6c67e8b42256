-- A real shop's catalog: a category tree, brands, free-form attributes,
-- images and popularity; stores with coordinates; and the settings that
-- decide which attributes are facets.

-- The category tree. Names are unique among siblings (case-insensitively),
-- not globally: "Cases" exists under many phones. Cycles and the depth limit
-- (8) are checked by the application under the tree lock
-- (db/categories.rs), since a CHECK cannot see other rows.
ALTER TABLE categories ADD COLUMN parent_id BIGINT REFERENCES categories (id);
DROP INDEX categories_lower_name_key;
-- Path lookups ("Cell Phones > iPhone") walk down by (parent, name); the
-- import's find-or-create of a path upserts on this index.
CREATE UNIQUE INDEX categories_parent_lower_name_key
    ON categories (COALESCE(parent_id, 0), lower(name));
-- Children of a category (deletes answer 409, moves re-index below).
CREATE INDEX categories_parent_id_idx ON categories (parent_id);

-- Each category's path from the root, itself included, kept by the trigger
-- below: documents, answers and SQL filters ("this category and every
-- descendant": path_ids @> ARRAY[id]) read it without walking the tree.
ALTER TABLE categories
    ADD COLUMN path_ids BIGINT[],
    ADD COLUMN path_names TEXT[];
UPDATE categories SET path_ids = ARRAY[id], path_names = ARRAY[name];
ALTER TABLE categories
    ALTER COLUMN path_ids SET NOT NULL,
    ALTER COLUMN path_names SET NOT NULL;
CREATE INDEX categories_path_ids_idx ON categories USING GIN (path_ids);

-- Computes the path from the parent's, refusing cycles and trees deeper
-- than 8. Moves are serialised by a transaction lock, so two concurrent
-- moves cannot each see the other's old path and close a cycle together.
CREATE FUNCTION categories_path() RETURNS trigger AS $$
DECLARE
    parent_ids BIGINT[];
    parent_names TEXT[];
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.parent_id IS DISTINCT FROM OLD.parent_id THEN
        PERFORM pg_advisory_xact_lock(7262, 1);
    END IF;
    IF NEW.parent_id IS NULL THEN
        NEW.path_ids := ARRAY[NEW.id];
        NEW.path_names := ARRAY[NEW.name];
        RETURN NEW;
    END IF;
    SELECT path_ids, path_names INTO parent_ids, parent_names
      FROM categories WHERE id = NEW.parent_id;
    IF parent_ids IS NULL THEN
        -- The foreign key reports it, with its own name.
        NEW.path_ids := ARRAY[NEW.id];
        NEW.path_names := ARRAY[NEW.name];
        RETURN NEW;
    END IF;
    IF NEW.id = ANY (parent_ids) THEN
        RAISE EXCEPTION 'a category cannot be moved below itself'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'categories_no_cycle';
    END IF;
    NEW.path_ids := parent_ids || NEW.id;
    NEW.path_names := parent_names || NEW.name;
    IF cardinality(NEW.path_ids) > 8 THEN
        RAISE EXCEPTION 'the category tree is at most 8 levels deep'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'categories_max_depth';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER categories_path BEFORE INSERT OR UPDATE OF parent_id, name ON categories
    FOR EACH ROW EXECUTE FUNCTION categories_path();

-- A renamed or moved category's children follow (each update fires this
-- again one level down, so the whole subtree follows).
CREATE FUNCTION categories_path_children() RETURNS trigger AS $$
BEGIN
    UPDATE categories SET parent_id = parent_id WHERE parent_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER categories_path_children AFTER UPDATE OF parent_id, name ON categories
    FOR EACH ROW
    WHEN (OLD.path_ids IS DISTINCT FROM NEW.path_ids OR OLD.path_names IS DISTINCT FROM NEW.path_names)
    EXECUTE FUNCTION categories_path_children();

ALTER TABLE products
    ADD COLUMN brand TEXT CHECK (length(brand) BETWEEN 1 AND 200),
    -- String keys to a string, a number or a list of strings (checked by
    -- the application; the column only insists on an object).
    ADD COLUMN attributes JSONB NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(attributes) = 'object'),
    ADD COLUMN image_url TEXT CHECK (length(image_url) BETWEEN 1 AND 2048),
    -- The catalog's own figure (sales rank, views), imported.
    ADD COLUMN popularity DOUBLE PRECISION NOT NULL DEFAULT 0
        CHECK (popularity >= 0 AND popularity < 'Infinity');
-- Brand filters in SQL (the facet truth tests, the inventory listing).
CREATE INDEX products_lower_brand_idx ON products (lower(brand)) WHERE deleted_at IS NULL;

-- Where a store is, for a storefront's "nearest store first".
ALTER TABLE stores
    ADD COLUMN latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    ADD COLUMN longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180);

-- Search settings: one row. Which attribute keys are filterable and
-- facetable (changing them rebuilds the index), synonyms and stop words
-- (applied at query time).
CREATE TABLE search_settings (
    singleton   BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    facets      TEXT[] NOT NULL DEFAULT '{}',
    synonyms    JSONB NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(synonyms) = 'array'),
    stop_words  TEXT[] NOT NULL DEFAULT '{}',
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO search_settings DEFAULT VALUES;

-- A settings change every replica must apply: it travels in the change log
-- like product changes.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('product', 'reindex', 'settings'));
