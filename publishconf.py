"""Publish settings: pelican.conf.py plus absolute URLs from SITEURL.

`make publish SITEURL=https://news.example.org` (or SITEURL in the
environment). pelican.conf.py is loaded by path: it is not an importable module.
"""

import os
import runpy

_base = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pelican.conf.py"))
globals().update({k: v for k, v in _base.items() if k.isupper()})

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    raise SystemExit("publishconf.py: set SITEURL (e.g. make publish SITEURL=https://news.example.org)")
RELATIVE_URLS = False
