"""Read a raw source: bytes or a path -> Source (decoded text and its kind)."""

from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path

from tickertape.errors import UnreadableSource
from tickertape.models import Source

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x">, <meta http-equiv=... content="text/html; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.I,
)
_HTML_SNIFF = re.compile(r"\A\s*(<!doctype html|<html|<head|<\?xml|<!--)", re.I)
# Sources larger than this are refused: no real article page comes close, and
# cleaning cost grows with size.
MAX_SOURCE_BYTES = 64 * 1024 * 1024
# Valid non-ASCII characters per broken sequence above which bytes that are not
# strict UTF-8 are still read as UTF-8.
MOSTLY_UTF8_RATIO = 20


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Raw bytes -> (text, encoding used): BOM, declared charset, strict UTF-8, mostly
    UTF-8, then cp1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(name, errors="replace"), name
    match = _DECLARED.search(data[:4096])
    if match:
        label = (match.group(1) or match.group(2)).decode("ascii").lower()
        try:
            name = codecs.lookup(label).name
        except LookupError:
            name = ""
        # A page labelled latin-1/ascii is decoded as cp1252, as browsers do;
        # a wrong label is caught by the strict decode and falls through.
        if name in ("latin-1", "iso8859-1", "ascii"):
            name = "cp1252"
        if name and name not in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken sequences (a dump tool cutting a character at a
    # line wrap, a truncated page) stays UTF-8: cp1252 text almost never forms
    # valid multi-byte sequences, so many valid ones per broken one is decisive.
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken
    if valid >= MOSTLY_UTF8_RATIO * broken:
        return text, "utf-8"
    # cp1252 leaves five bytes undefined; they become U+FFFD and are counted.
    return data.decode("cp1252", errors="replace"), "cp1252"


_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\ufffd]")


def looks_binary(text: str, sample: int = 65536) -> bool:
    """Decoded text -> whether it is binary junk (over 2% control/undecodable chars, 8 or more).

    Real pages carry a stray NUL or replacement character now and then; random
    bytes decode with about one in ten of them.
    """
    head = text[:sample]
    bad = len(_BINARY_CHARS.findall(head))
    return bad >= 8 and bad > 0.02 * len(head)


def source_kind(name: str, text: str) -> str:
    """File name and decoded text -> "html" or "text" (by suffix, else by sniffing)."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return "html" if _HTML_SNIFF.match(text) else "text"


def read_source_bytes(data: bytes, name: str = "<bytes>") -> Source:
    """Raw bytes (gzip allowed) and a name -> Source; raises UnreadableSource."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise UnreadableSource(name, f"broken gzip data ({exc})") from exc
    if len(data) > MAX_SOURCE_BYTES:
        raise UnreadableSource(name, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise UnreadableSource(name, "empty file")
    text, encoding = decode_bytes(data)
    if looks_binary(text):
        raise UnreadableSource(name, "binary data, not a text dump or HTML page")
    replacements = text.count("\ufffd")
    return Source(name, text, source_kind(name, text), encoding, replacements)


def read_source(path: str | Path) -> Source:
    """A path -> Source; raises UnreadableSource when the file cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableSource(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    return read_source_bytes(data, str(path))
