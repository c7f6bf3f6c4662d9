"""Which plugins a build asked for: receivers stay connected across builds in one process."""

from __future__ import annotations

from typing import Any


def enabled_for(name: str, sender: Any) -> bool:
    """A plugin name and a signal's sender (with .settings) -> whether this build lists it.

    Pelican connects a plugin's receivers when a build loads it and never
    disconnects them, so in a process that runs several builds (tests, a
    server) a receiver must check that the current build uses its plugin.
    """
    settings = getattr(sender, "settings", None) or {}
    plugins = settings.get("PLUGINS") or []
    return any(str(getattr(p, "__name__", p)).rsplit(".", 1)[-1] == name for p in plugins)
