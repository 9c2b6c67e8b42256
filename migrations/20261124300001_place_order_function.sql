-- Order placement in one statement (src/orders/ and db/orders.rs call it).
-- The same steps the service used to send one by one, in one round trip
-- instead of eight, so that the row locks are held for the length of the
-- function rather than of eight network round trips, and the order costs
-- PostgreSQL and the service a fraction of the protocol work:
--   1. the references: the store, and each product alive; when one is
--      missing nothing is written and the answer says which;
--   2. the store's inventory rows of the order's products locked in
--      ascending product id order (the one lock order of every placement,
--      so two orders never wait on each other in a circle);
--   3. every line fillable: stock deducted, one outbox row per product (the
--      search index's change log) and the notification job, with the order
--      CONFIRMED; otherwise no stock moves and the order is REJECTED;
--   4. one row per line: what the answer shows of the product and the
--      quantity that was on hand when locked (0 where the store does not
--      carry it), from which the caller lists the short lines.
-- `products` must be ascending and distinct, `quantities` positive and of the
-- same length (domain::order::NewOrder guarantees both). A store deleted
-- between step 1 and the insert raises the foreign-key violation, which the
-- caller answers as an unknown reference; any error rolls everything back.
CREATE FUNCTION place_order(p_store BIGINT, p_products BIGINT[], p_quantities INTEGER[])
RETURNS TABLE (
    order_id       BIGINT,
    created_at     TIMESTAMPTZ,
    status         TEXT,
    store_exists   BOOLEAN,
    product_id     BIGINT,
    title          TEXT,
    brand          TEXT,
    category_path  TEXT[],
    on_hand        INTEGER
)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    v_store_exists  BOOLEAN := EXISTS (SELECT 1 FROM stores WHERE id = p_store);
    v_locked_ids    BIGINT[];
    v_locked_qty    INTEGER[];
    v_status        TEXT;
    v_order_id      BIGINT;
    v_created_at    TIMESTAMPTZ;
BEGIN
    IF NOT v_store_exists
       OR (SELECT count(*) FROM products WHERE id = ANY (p_products) AND deleted_at IS NULL)
          <> cardinality(p_products) THEN
        RETURN QUERY
            SELECT NULL::BIGINT, NULL::TIMESTAMPTZ, NULL::TEXT, v_store_exists,
                   u.id, p.title, p.brand, c.path_names, NULL::INTEGER
              FROM unnest(p_products) AS u(id)
              LEFT JOIN products p ON p.id = u.id AND p.deleted_at IS NULL
              LEFT JOIN categories c ON c.id = p.category_id
             ORDER BY u.id;
        RETURN;
    END IF;

    SELECT array_agg(locked.product_id), array_agg(locked.quantity)
      INTO v_locked_ids, v_locked_qty
      FROM (SELECT product_id, quantity FROM inventory
             WHERE store_id = p_store AND product_id = ANY (p_products)
             ORDER BY product_id
               FOR UPDATE) AS locked;

    IF EXISTS (SELECT 1
                 FROM unnest(p_products, p_quantities) AS u(id, quantity)
                 LEFT JOIN unnest(v_locked_ids, v_locked_qty) AS l(id, quantity) ON l.id = u.id
                WHERE COALESCE(l.quantity, 0) < u.quantity) THEN
        v_status := 'REJECTED';
    ELSE
        v_status := 'CONFIRMED';
        UPDATE inventory AS i
           SET quantity = i.quantity - u.quantity, updated_at = now()
          FROM unnest(p_products, p_quantities) AS u(id, quantity)
         WHERE i.store_id = p_store AND i.product_id = u.id;
        INSERT INTO outbox (product_id) SELECT unnest(p_products);
    END IF;

    INSERT INTO orders (store_id, status) VALUES (p_store, v_status)
        RETURNING id, orders.created_at INTO v_order_id, v_created_at;
    INSERT INTO order_items (order_id, product_id, quantity_requested)
        SELECT v_order_id, u.id, u.quantity
          FROM unnest(p_products, p_quantities) AS u(id, quantity);
    IF v_status = 'CONFIRMED' THEN
        INSERT INTO notification_jobs (order_id) VALUES (v_order_id);
    END IF;

    RETURN QUERY
        SELECT v_order_id, v_created_at, v_status, true,
               u.id, p.title, p.brand, c.path_names, COALESCE(l.quantity, 0)
          FROM unnest(p_products) AS u(id)
          JOIN products p ON p.id = u.id
          JOIN categories c ON c.id = p.category_id
          LEFT JOIN unnest(v_locked_ids, v_locked_qty) AS l(id, quantity) ON l.id = u.id
         ORDER BY u.id;
END
$$;
