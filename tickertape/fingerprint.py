"""Fingerprints of what a page is rendered from, so unchanged pages need not be rendered again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# id -> (object, digest) for one build: the object is kept, so its id stays its own.
Memo = dict[int, tuple[Any, str]]


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


def digest_strings(parts: list[Any]) -> str:
    """Strings (and values with a stable repr) in nested lists and tuples -> a digest.

    The repr of such a list is unambiguous (every string quoted and escaped)
    and made at C speed: cheaper than a JSON text, for one hash per page.
    """
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def body_digest(article: Any, memo: Memo | None = None) -> str:
    """A story -> a digest of its body (HTML), for fingerprints of what shows it.

    `memo` remembers the digests of one build: a story's page, listings and
    feeds need it, and its body takes Pelican a moment to produce (links to
    other pages are resolved each time it is read).
    """
    known = memo.get(id(article)) if memo is not None else None
    if known is not None and known[0] is article:
        return str(known[1])
    # Hashed on its own: quoting kilobytes of HTML into the fingerprints'
    # texts costs several times more than hashing them.
    digest = hashlib.sha256(str(article.content).encode("utf-8", "surrogatepass")).hexdigest()
    if memo is not None:
        memo[id(article)] = (article, digest)
    return digest


def affects_output(key: str) -> bool:
    """A setting that can change what a page or feed shows (not where files live, how
    many processes work or which plugins run: a plugin's effect on a story is in
    the story's own digest)."""
    return key.isupper() and "PATH" not in key and key not in (
        "THEME", "TICKERTAPE_PREVIOUS_OUTPUT", "PLUGINS") and not key.startswith(
        "SOURCE_CLEANER_") and not key.endswith("_WORKERS")


def output_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Settings -> those that affect_output, as plain values for digest_values."""
    return {k: plain_value(v) for k, v in settings.items() if affects_output(k)}


def read_fingerprints(folder: str, name: str) -> dict[str, str]:
    """A built site's folder and a manifest's file name -> its fingerprints ({} when the
    folder or the manifest is missing or unreadable)."""
    if not folder:
        return {}
    try:
        found = json.loads((Path(folder) / name).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
