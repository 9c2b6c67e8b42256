"""The fixture catalog's building blocks: one `Catalog` that collects
products in the import line format, each with the facts the judgments are
written against (`meta`: what the product is, which model it is or is for).

Everything is deterministic: a product's SKU and its popularity noise come
from its title, so adding a product elsewhere does not move them.
"""

import zlib

# Attribute keys follow the contract: lowercase, digits, underscore.
ATTRIBUTE_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


def title_hash(title, salt=""):
    return zlib.crc32((salt + title).encode("utf-8"))


def noise(title, low=0.7, high=1.3):
    """A factor in [low, high), fixed for a title."""
    return low + (high - low) * (title_hash(title, "noise") % 10_000) / 10_000


def pick(title, options, salt=""):
    """One of `options`, fixed for a title."""
    return options[title_hash(title, salt) % len(options)]


def money(value):
    """A shelf price: whole dollars minus a cent (or .49 under $10)."""
    if value < 10:
        return round(int(value) + 0.49, 2)
    return round(int(value) + 0.99, 2)


class Product(dict):
    """One import line; `meta` (not exported) holds what judgments test."""

    def __init__(self, line, meta):
        super().__init__(line)
        self.meta = meta

    def is_a(self, *kinds):
        return self.meta["kind"] in kinds


class Catalog:
    def __init__(self):
        self.products = []
        self._titles = set()
        self._skus = set()
        self._leaves = {}

    def has(self, title):
        return title in self._titles

    def add(self, title, description, price, path, brand, attributes=None,
            popularity=1.0, kind=None, family=None, compat=(), condition="new",
            bundle=False, **meta):
        assert kind, title
        assert title not in self._titles, f"duplicate title {title!r}"
        assert len(path) == 3, path
        # The current import names a category by its (globally unique) name,
        # so leaf names are kept unique across the tree.
        leaf = path[2].lower()
        assert self._leaves.setdefault(leaf, tuple(path)) == tuple(path), path
        attributes = dict(attributes or {})
        for key, value in attributes.items():
            assert set(key) <= ATTRIBUTE_KEY_CHARS and 1 <= len(key) <= 64, key
            assert value not in (None, "", []), (title, key)
        self._titles.add(title)
        sku = 4_000_000 + title_hash(title) % 5_000_000
        while sku in self._skus:
            sku += 1
        self._skus.add(sku)
        line = {
            "title": title,
            "description": description,
            "price": money(price),
            "category_path": list(path),
            "brand": brand,
            "attributes": attributes,
            "popularity": round(max(popularity, 0.1) * noise(title), 1),
            "external_id": str(sku),
        }
        meta = dict(meta, kind=kind, family=family, compat=tuple(compat),
                    condition=condition, bundle=bundle, brand=brand)
        product = Product(line, meta)
        self.products.append(product)
        return product

    def simple(self, title, kind, price, popularity, path, compat=(), about="",
               attributes=None, family=None, **meta):
        """A product whose brand is its title's first part and whose
        description is its title's middle part plus `about`."""
        parts = title.split(" - ")
        brand = parts[0].replace("™", "").replace("®", "").strip()
        description = (parts[1] + ". " + about).strip()
        return self.add(title, description, price, path, brand, attributes, popularity,
                        kind=kind, family=family, compat=compat, **meta)
