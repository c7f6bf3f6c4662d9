"""The demo site built as `make html` builds it (search index included), served on loopback."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, write_site_conf

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "build/node/node_modules/axe-core/axe.min.js"
SCREENSHOTS = ROOT / "build/screenshots"
# Flags that let Chromium run as root in a container with no network beyond
# loopback, without its background services dialling out.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def write_settings(tmp: Path) -> Path:
    """tmp folder -> a settings file: the project's settings with build files kept in tmp."""
    return write_site_conf(tmp / "site.conf.py", ROOT / "content", tmp)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """-> the demo site, built and indexed by `tickertape build`."""
    from tickertape.build import build_site

    tmp = tmp_path_factory.mktemp("served")
    out = tmp / "output"
    assert build_site(str(write_settings(tmp)), str(out)) == 0
    assert (out / "pagefind" / "pagefind.js").is_file()
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """-> http://127.0.0.1:<free port> serving the built site until the session ends."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """-> a headless Debian Chromium driven by Playwright (skips when either is missing)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} "
                    "(`make browser-test` installs Debian's chromium as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (requirements.lock)")
    with sync_playwright() as pw:
        # Playwright starts Chromium with a fresh temporary --user-data-dir of
        # its own (it refuses one in args) and removes it on close.
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """-> build/screenshots/ (each test overwrites its own files)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
