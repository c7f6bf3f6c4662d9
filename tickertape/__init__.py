"""tickertape: clean scraped financial-news sources into a static archive site.

The package is the pure core: plain values in, plain values out. It never
imports Pelican; the Pelican plugins in ``plugins/`` call into it.
"""

__version__ = "0.1.0"
