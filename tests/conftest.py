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


def write_site_conf(conf: Path, content: Path, build_dir: Path) -> Path:
    """A settings file at `conf`: the project's settings, sources from `content`, the report
    and the cache in `build_dir` -> conf."""
    conf.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelican.conf.py')!r})"
        ".items() if k.isupper()})\n"
        f"PATH = {str(content)!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"SOURCE_CLEANER_REPORT_PATH = {str(build_dir / 'report.json')!r}\n"
        f"SOURCE_CLEANER_CACHE_PATH = {str(build_dir / 'cache')!r}\n"
    )
    return conf


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
