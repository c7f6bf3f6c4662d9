"""Compiled templates kept between builds, in the build cache.

Jinja compiles each template it loads to Python code: parsing, optimising
and generating the code of the theme's templates took about 0.2 s of each
19k-story rebuild. The compiled code is stored in the build cache (a kind
of derived row) and loaded by the next build. Jinja checks each stored entry
against a digest of the template's source; the row's kind digests what else
shapes the compiled code (Jinja's and Python's versions, the environment's
syntax and compiler options), so a stale entry is never used.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from tickertape.cache import CleanCache

KIND = "template-code"
# Environment attributes that change how a template compiles.
_OPTIONS = ("block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
            "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


def _named(value: Any) -> str:
    """A value -> a text that is the same in every process (a function by its name)."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}"
    return repr(value)


def environment_digest(env: jinja2.Environment) -> str:
    """A Jinja environment -> a digest of everything besides a template's source that
    its compiled code depends on."""
    parts = [jinja2.__version__, sys.version, type(env).__qualname__,
             _named(env.code_generator_class), _named(env.autoescape), _named(env.finalize),
             *(f"{name}={getattr(env, name, None)!r}" for name in _OPTIONS),
             *sorted(env.extensions)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


class CachedTemplateCode(BytecodeCache):
    """Jinja's bytecode cache, stored in the build cache by the process that made it.

    A forked process (one rendering pages aside) compiles what it needs
    without the cache: a database connection must not be used across a fork.
    """

    def __init__(self, cache: CleanCache, env: jinja2.Environment) -> None:
        self.cache = cache
        self.kind = f"{KIND}:{environment_digest(env)}"
        self.pid = os.getpid()
        self.loaded = 0
        self.stored = 0

    def load_bytecode(self, bucket: Bucket) -> None:
        if os.getpid() != self.pid:
            return
        found = self.cache.get_derived(self.kind, [bucket.key]).get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)
            # Jinja drops an entry whose source digest or format differs.
            self.loaded += bucket.code is not None

    def dump_bytecode(self, bucket: Bucket) -> None:
        if os.getpid() != self.pid:
            return
        self.cache.put_derived(self.kind, [(bucket.key, bucket.bytecode_to_string())])
        self.stored += 1


def use_cached_code(env: jinja2.Environment, cache: CleanCache | None) -> CachedTemplateCode | None:
    """Give a Jinja environment the build cache's compiled templates (not when it has a
    bytecode cache of its own, or there is no build cache) -> the cache set, or None."""
    if cache is None or env.bytecode_cache is not None:
        return None
    code = CachedTemplateCode(cache, env)
    # Entries made under other versions or options would only pile up.
    cache.drop_other_kinds(f"{KIND}:", code.kind)
    env.bytecode_cache = code
    return code
