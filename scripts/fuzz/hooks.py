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


# CPython 3.11 raises "SystemError: AST constructor recursion depth
# mismatch" when Hypothesis parses a large module to describe one of
# Schemathesis' lambdas from deep in the stack; a description is only a
# label, so a failed one is answered like one Hypothesis cannot find.
from hypothesis.internal import lambda_sources  # noqa: E402

_describe = lambda_sources._lambda_description


def _described_or_unknown(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _described_or_unknown
