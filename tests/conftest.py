"""Shared helpers: small Pelican builds into a temporary folder."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _configured_plugins() -> list[str]:
    import runpy

    return list(runpy.run_path(str(ROOT / "pelican.conf.py"))["PLUGINS"])


# Every plugin the demo site uses, in its order.
ALL_PLUGINS = _configured_plugins()


def run_build(tmp: Path, sources: dict[str, str | bytes], plugins: list[str],
              **overrides: Any) -> Path:
    """Write sources into tmp/content, build with the project's settings -> output folder."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, data in sources.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, "utf-8")
    output = tmp / "output"
    settings = read_settings(
        str(ROOT / "pelican.conf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PLUGINS": plugins,
            "SOURCE_CLEANER_REPORT_PATH": str(tmp / "report.json"),
            "SOURCE_CLEANER_CACHE_PATH": str(tmp / "cache"),
            "CACHE_CONTENT": False,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


@pytest.fixture
def build(tmp_path: Path, caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    """Fixture: build(sources, plugins, **settings) -> output folder (warnings in caplog)."""
    caplog.set_level(logging.WARNING)

    def _build(sources: dict[str, str | bytes], plugins: list[str], **overrides: Any) -> Path:
        return run_build(tmp_path, sources, plugins, **overrides)

    return _build
