"""The vocabulary judgments are written in: predicates over a product's
facts (`meta`, attributes, title), combined with & | ~, and `Query`, which
grades the whole catalog by a query's rules (the first rule that matches
gives the grade; no rule, grade 0).

Grades (ESCI-like): 3 exactly what the shopper asked for; 2 a close
substitute (another variant of it, a refurbished one); 1 a far substitute
or a complement (a neighbouring model, an accessory for the wanted
product); 0 not what the shopper wants.
"""

import re


class P:
    def __init__(self, test):
        self.test = test

    def __call__(self, product):
        return bool(self.test(product))

    def __and__(self, other):
        return P(lambda p: self(p) and other(p))

    def __or__(self, other):
        return P(lambda p: self(p) or other(p))

    def __invert__(self):
        return P(lambda p: not self(p))


ANY = P(lambda p: True)


def K(*kinds):
    """The product is one of these kinds (phone, case, tv, ...)."""
    return P(lambda p: p.meta["kind"] in kinds)


def F(*families):
    """The product is this model (its family)."""
    return P(lambda p: p.meta["family"] in families)


def FP(prefix):
    """The product's model starts with this."""
    return P(lambda p: (p.meta["family"] or "").startswith(prefix))


def B(*brands):
    lower = {b.lower() for b in brands}
    return P(lambda p: p["brand"].lower() in lower)


def FOR(*families):
    """An accessory (or game) made for one of these models."""
    wanted = set(families)
    return P(lambda p: bool(wanted & set(p.meta["compat"])))


def FOR_PREFIX(prefix):
    return P(lambda p: any(c.startswith(prefix) for c in p.meta["compat"]))


def M(key, *values):
    """A fact of the generator (storage, screen, condition, ...)."""
    return P(lambda p: p.meta.get(key) in values)


def A(key, *values):
    return P(lambda p: p["attributes"].get(key) in values)


def T(pattern):
    """The title matches this regular expression (case-insensitive)."""
    regex = re.compile(pattern, re.IGNORECASE)
    return P(lambda p: regex.search(p["title"]))


def PRICE(low, high):
    return P(lambda p: low <= p["price"] <= high)


NEW = M("condition", "new")
REFURB = M("condition", "refurbished")
PHONE = K("phone")
PHONE_ACC = K("case", "screen_protector")


def phone(*families):
    return K("phone") & F(*families)


class Query:
    def __init__(self, text, kind, intent, rules, top=None):
        assert text == text.strip() and text, text
        self.text, self.kind, self.intent = text, kind, intent
        self.rules, self.top_rule = rules, top

    def judge(self, products):
        judged = []
        for product in products:
            for grade, rule in self.rules:
                if rule(product):
                    if grade > 0:
                        judged.append((grade, product))
                    break
        judged.sort(key=lambda gp: (-gp[0], -gp[1]["popularity"], gp[1]["title"]))
        assert judged and judged[0][0] == 3, f"{self.text!r}: no product is graded 3"
        pool = [p for g, p in judged if g == 3]
        if self.top_rule is not None:
            pool = [p for p in pool if self.top_rule(p)]
            assert pool, f"{self.text!r}: the top rule matches no grade-3 product"
        top = max(pool, key=lambda p: (p["popularity"], p["title"]))
        return judged, top


def LEAF(*names):
    """The product's category (the last of its path) is one of these."""
    return P(lambda p: p["category_path"][2] in names)


def TOP(*names):
    """The product's department (the first of its path) is one of these."""
    return P(lambda p: p["category_path"][0] in names)
