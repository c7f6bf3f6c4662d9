"""Fingerprints of what a page is rendered from, so unchanged pages need not be rendered again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def digest_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """Files (e.g. a theme's templates) -> one digest of their names and bytes.

    Names are taken relative to `root`, so the digest does not depend on where
    the project lives.
    """
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(root) if root else path).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def digest_values(*values: Any) -> str:
    """Plain values (strings, numbers, nested lists/tuples/dicts) -> a stable digest."""
    h = hashlib.sha256()

    def feed(value: Any) -> None:
        if isinstance(value, dict):
            h.update(b"{")
            for key in sorted(value, key=str):
                feed(str(key))
                feed(value[key])
            h.update(b"}")
        elif isinstance(value, (list, tuple)):
            h.update(b"[")
            for item in value:
                feed(item)
            h.update(b"]")
        else:
            text = str(value).encode()
            h.update(len(text).to_bytes(8, "little"))
            h.update(text)

    for value in values:
        feed(value)
    return h.hexdigest()


def plain_value(value: Any) -> Any:
    """A setting's value -> plain data for digest_values (objects by type name)."""
    # An object's repr holds its address, which changes from run to run.
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain_value(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    return type(value).__name__
