"""Schemathesis hooks for scripts/fuzz-api.sh.

The bulk import takes NDJSON, which Schemathesis cannot write by itself: the
document describes the body as an array of import lines, sent one per line.
"""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return value
    lines = value if isinstance(value, list) else [value]
    return "".join(json.dumps(line) + "\n" for line in lines).encode()
