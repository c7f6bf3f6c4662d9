"""Settings for building the tickertape demo site: `pelican content -o output -s pelican.conf.py`."""

import os

# No site-wide AUTHOR: a story without a byline has no author (and no author page).
SITENAME = "tickertape"
SITESUBTITLE = "A clean archive of financial news"
# Empty: links are root-relative, so `make serve` works; `make publish` sets it.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_CATEGORY = "News"
DEFAULT_PAGINATION = 25
RELATIVE_URLS = False
# Scraped sources have no translations: skipping Pelican's grouping of them
# saves a pass that grows with the square of the number of articles.
ARTICLE_TRANSLATION_ID = None

# Raw sources only: sidecars and the provenance notes are not articles.
ARTICLE_PATHS = [""]
PAGE_PATHS = []
STATIC_PATHS = []
IGNORE_FILES = [".#*", "*.meta", "SOURCES.md"]

ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
# No tags: tickers are their own taxonomy (plugins/ticker_tags).
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
PAGE_SAVE_AS = ""
# search: the page that queries the Pagefind index `tickertape build` writes.
DIRECT_TEMPLATES = ["index", "categories", "authors", "archives", "search"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
# month_archives: the story lists of month pages (linear_listings), which
# would otherwise list every story of a busy month on one page.
PAGINATED_TEMPLATES = {"index": None, "category": None, "author": None, "ticker": 20,
                       "month_archives": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
INDEX_SAVE_AS = "index.html"
# incremental_writer: pages numbered from the oldest story, so page/N/ keeps its
# stories as new ones arrive; the listing's own URL shows the newest (between
# one and two pages' worth). False: Pelican's numbering from the newest.
STABLE_PAGINATION = True

# Pelican's own feeds are all off: feedgen_rss writes the feeds.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Scraped text is data, never a template: autoescape everything and mark only
# the sanitized article body safe (theme/templates/article.html).
# auto_reload off: a build loads each template once; checking the template
# files' times on every page (tens of thousands) is wasted work.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "auto_reload": False}

# Set explicitly: with PLUGINS unset Pelican loads every installed plugin package.
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "source_cleaner",
    "ticker_tags",
    "related_links",
    "feedgen_rss",
    "site_discovery",
    "incremental_writer",
    "linear_listings",
]

# source_cleaner: reads scraped .html pages and .txt dumps; the build report
# lists every source as published or not, and why.
SOURCE_CLEANER_REPORT_PATH = "build/report.json"
SOURCE_CLEANER_CACHE_PATH = "cache"  # cleaned sources, keyed by content: "" turns it off
SOURCE_CLEANER_WORKERS = 0  # processes for cleaning new sources; 0 = one per core

# ticker_tags: "(NASDAQ: MSFT)" and "$MSFT" mentions -> article.tickers and
# ticker/<SYMBOL>/ pages. TICKER_TAGS_FEED_URL must match FEEDGEN_RSS_TICKER_PATH.
TICKER_TAGS_URL = "ticker/{symbol}/"
TICKER_TAGS_SAVE_AS = "ticker/{symbol}/index.html"
TICKER_TAGS_INDEX_URL = "tickers/"
TICKER_TAGS_INDEX_SAVE_AS = "tickers/index.html"
TICKER_TAGS_FEED_URL = "feeds/ticker/{symbol}.rss.xml"

# related_links: article.related (up to RELATED_LINKS_LIMIT) and article.newer/older.
RELATED_LINKS_LIMIT = 5

# feedgen_rss: the site feed and one feed per ticker. Feed links must be
# absolute; without SITEURL they point at the local server of `make serve`.
FEEDGEN_RSS_PATH = "feeds/rss.xml"
FEEDGEN_RSS_TICKER_PATH = "feeds/ticker/{symbol}.rss.xml"
FEEDGEN_RSS_MAX_ITEMS = 50
FEEDGEN_RSS_SITEURL = "http://127.0.0.1:8000"

# incremental_writer: with `tickertape build`, article pages whose inputs are
# unchanged are hard-linked from the published output/ instead of rendered.

# linear_listings: category, author and year/month archive pages grouped in
# linear time (Pelican's own grouping grows with articles squared).

# site_discovery: sitemap.xml (an index of page sitemaps of at most
# SITE_DISCOVERY_SITEMAP_LIMIT URLs each), a Google News sitemap of the stories
# from the SITE_DISCOVERY_NEWS_DAYS before the newest one, and robots.txt.
# Sitemap and canonical URLs must be absolute: without SITEURL they point at
# the local server of `make serve`.
SITE_DISCOVERY_SITEURL = "http://127.0.0.1:8000"
SITE_DISCOVERY_SITEMAP_LIMIT = 50000
SITE_DISCOVERY_NEWS_DAYS = 2
