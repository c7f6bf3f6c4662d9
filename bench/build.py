"""Build speed (metrics.md §5): tickertape vs vanilla Pelican and Hugo on Reuters-21578.

The Reuters-21578 stories with a body (19,043; all but the newest by NEWID
for the largest site, so the warm rebuild has a new one to add) are written out as raw sources
the way scraped archives arrive: text dumps with a title line, a date line
and the body (with a few widget lines), and every fifth story as an HTML
page. The same stories are also written as clean Markdown for vanilla
Pelican (PLUGINS = [], default theme) and for Hugo. Timings are medians over
several runs, side by side in one run of this script:

- cold: a full tickertape build (clean + tickers + related + feeds + pages)
  with empty caches, vs vanilla Pelican's build of the Markdown;
- warm: a tickertape rebuild after one new story arrives (the next story on
  the wire, held out of the site and its caches), vs Hugo's cold build;
- scaling: cold builds at 1k, 5k and 19k sources;
- the Pagefind search index of the 19k site, timed on its own (the builds
  above run with --no-search: neither comparison makes a search index).

Outputs of earlier builds are moved aside (into `trash/` beside them) before
a timed build, and deleted once every timing is done. On this machine's file
system (ext4 without a journal), an inode freed less than a minute ago (up to
six while its inode table block is unwritten) is not reused, and each new
file or folder scans past all of them (`recently_deleted()` in the kernel's
fs/ext4/ialloc.c). Deleting a 19k-story site just before a build made each
file the build then created cost about 0.35 ms of kernel time instead of
0.03 ms, more with every deletion of the run, so each build's time depended
on what the previous steps had deleted. Before each timed build the files
written so far are synced to disk, so that no build pays for the writeback
of another's output. The one deletion the benchmark
cannot move aside, of the previous site a rebuild replaces (tickertape
deletes it in the background, as a rebuild does), is followed by a pause
that lets those inodes age before the next timed build (`settle`).

`python -m bench.build [--runs N] [--sizes 1000,5000,19043]`. Reuters-21578 is
for research use: the generated files stay under build/ and are never published.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, corpus, emit
from bench.measure import run_measured as measure

WORK = ROOT / "build" / "bench" / "reuters"
WIDGETS = "\n  • {views}Views\n  • 0Comments\n\nShare this story\n\n  • Facebook\n  • Twitter\n"


def _paragraphs(body: str) -> list[str]:
    """Reuters body -> paragraphs (the wire indents each paragraph; lines are wrapped)."""
    paras, current = [], []
    for line in body.splitlines():
        if line.startswith(("    ", "\t")) and current:
            paras.append(" ".join(current))
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        paras.append(" ".join(current))
    # Every wire story ends with the sign-off "Reuter": not story text.
    text = [p.removesuffix(" Reuter") for p in paras if p != "Reuter"]
    # Short lines without a full stop are table rows (earnings, prices): keep a
    # run of them together as one block of lines, as a page would show a table.
    blocks: list[str] = []
    for p in text or [body.strip()]:
        row = len(p) < 70 and not p.endswith(".")
        if row and blocks and blocks[-1].startswith("\0"):
            blocks[-1] += "\n" + p
        else:
            blocks.append("\0" + p if row else p)
    return [b.lstrip("\0") for b in blocks]


def write_raw(s, i: int, raw: Path) -> Path:  # type: ignore[no-untyped-def]
    """A story and its position -> its raw source under raw/ (every fifth an HTML page)."""
    name = f"story-{s.newid:05d}"
    paras = _paragraphs(s.body)
    when = s.date
    if i % 5 == 4:
        body = "\n".join(f"<pre>{html.escape(p)}</pre>" if "\n" in p
                         else f"<p>{html.escape(p)}</p>" for p in paras)
        page = (
            f"<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(s.title)} | Wire archive</title>"
            f"<meta property='article:published_time' content='{when:%Y-%m-%dT%H:%M:%S}Z'>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/markets'>Markets</a></nav>"
            f"<article><h1>{html.escape(s.title)}</h1>"
            f"<time datetime='{when:%Y-%m-%dT%H:%M:%S}Z'>{when:%B %d, %Y}</time>{body}"
            f"</article><aside><h2>Related stories</h2><ul><li><a href='/a'>Other</a></li>"
            f"</ul></aside><footer>Copyright 1987. All rights reserved.</footer></body></html>"
        )
        path = raw / f"{name}.html"
        path.write_text(page, "utf-8")
    else:
        dump = (f"{s.title}\n\nPublished on: {when:%d %b, %Y %H:%M}\n\n"
                + "\n\n".join(paras) + "\n" + WIDGETS.format(views=100 + i % 900))
        path = raw / f"{name}.txt"
        path.write_text(dump, "utf-8")
    return path


def write_sources(stories: list, root: Path) -> None:  # type: ignore[type-arg]
    """Stories -> raw sources (dumps, every fifth an HTML page), Markdown and Hugo content."""
    raw, md, hugo = root / "raw", root / "md", root / "hugo" / "content" / "posts"
    for d in (raw, md, hugo):
        d.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(stories):
        name = f"story-{s.newid:05d}"
        write_raw(s, i, raw)
        paras = _paragraphs(s.body)
        when = s.date
        body_md = "\n\n".join(paras)
        title = s.title.replace('"', "'")
        (md / f"{name}.md").write_text(
            f"Title: {s.title}\nDate: {when:%Y-%m-%d %H:%M}\n\n{body_md}\n", "utf-8")
        (hugo / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {when:%Y-%m-%dT%H:%M:%S}Z\n---\n\n{body_md}\n', "utf-8")


HUGO_LAYOUTS = {
    "_default/baseof.html": "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head>"
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date }}</time>'
                            "{{ .Content }}{{ end }}",
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
                          '<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ .Summary }}'
                          "{{ end }}{{ end }}",
}


def prepare(size: int, stories: list) -> Path:  # type: ignore[type-arg]
    """Sources for the first `size` stories under build/bench/reuters/<size>/ (made once)."""
    root = WORK / str(size)
    stamp = root / ".complete"
    if stamp.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    write_sources(stories[:size], root)
    site = root / "hugo"
    (site / "hugo.toml").write_text(
        'baseURL = "http://127.0.0.1:8000/"\ntitle = "Wire archive"\n'
        "[pagination]\n  pagerSize = 10\n", "utf-8")
    for rel, text in HUGO_LAYOUTS.items():
        path = site / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "vanilla.conf.py").write_text(
        f"PATH = {str(root / 'md')!r}\nSITENAME = 'Wire archive'\nTIMEZONE = 'UTC'\n"
        "PLUGINS = []\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n"
        # Wire stories repeat headlines: slugs from file names keep every page.
        "SLUGIFY_SOURCE = 'basename'\n"
        "LOAD_CONTENT_CACHE = False\nCACHE_CONTENT = False\n", "utf-8")
    (root / "tickertape.conf.py").write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelican.conf.py')!r})"
        ".items() if k.isupper()})\n"
        f"PATH = {str(root / 'raw')!r}\nTHEME = {str(ROOT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        f"SOURCE_CLEANER_REPORT_PATH = {str(root / 'report.json')!r}\n"
        f"SOURCE_CLEANER_CACHE_PATH = {str(root / 'cache')!r}\n", "utf-8")
    stamp.touch()
    return root


def tickertape_cmd(root: Path, out: Path) -> list[str]:
    # The comparisons are of site builds; the Pagefind search index (which
    # neither vanilla Pelican nor Hugo makes) is timed on its own.
    exe = str(Path(sys.executable).with_name("tickertape"))
    return [exe, "build", "-s", str(root / "tickertape.conf.py"), "-o", str(out), "--no-search"]


def search_index(root: Path) -> dict[str, float]:
    """Pagefind over the built site, as `tickertape build` runs it after the pages."""
    set_aside(root / "pagefind-bench", root)
    return run_measured([sys.executable, "-m", "pagefind", "--site", str(root / "out-tt"),
                         "--output-path", str(root / "pagefind-bench"), "--silent"], cwd=ROOT)


def run_measured(cmd: list[str], cwd: Path) -> dict[str, float]:
    """Time a build once the files earlier steps wrote are on disk, so that no
    build pays for another's writeback."""
    os.sync()
    return measure(cmd, cwd=cwd)


TRASH = "trash"
# Seconds after which the kernel reuses a freed inode whose inode table block
# is written back (RECENTCY_MIN in fs/ext4/ialloc.c), plus a margin.
SETTLE_SECONDS = 65.0


def set_aside(path: Path, root: Path) -> None:
    """Move an earlier output out of the way of a timed build (see the module's docstring)."""
    if path.exists():
        trash = root / TRASH
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{time.time_ns()}")


def empty_trash() -> bool:
    """Delete what set_aside moved away, for every site size -> whether there was any."""
    found = [t for t in WORK.glob(f"*/{TRASH}") if t.is_dir()]
    for trash in found:
        shutil.rmtree(trash, ignore_errors=True)
    return bool(found)


def settle() -> None:
    """After deleting many files: write the deletions out, then wait until the
    freed inodes are old enough to be reused without a scan."""
    os.sync()
    time.sleep(SETTLE_SECONDS)


def cold_tickertape(root: Path) -> dict[str, float]:
    set_aside(root / "cache", root)
    set_aside(root / "out-tt", root)
    return run_measured(tickertape_cmd(root, root / "out-tt"), cwd=ROOT)


def warm_tickertape(root: Path, added, position: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Rebuild after a new story arrives: the built and cached site gets one more source,
    a real story it has not seen (the next one on the wire), then is rebuilt."""
    extra = write_raw(added, position, root / "raw")
    try:
        return run_measured(tickertape_cmd(root, root / "out-tt"), cwd=ROOT)
    finally:
        extra.unlink()
        wait_for_old_sites(root)
        settle()


def wait_for_old_sites(root: Path, limit: float = 300.0) -> None:
    """Wait until the previous sites a rebuild set aside are deleted (in the background).

    The next measurement must not share the machine with that delete.
    """
    deadline = time.monotonic() + limit
    while any(root.glob("out-tt.old-*")) and time.monotonic() < deadline:
        time.sleep(0.2)


def vanilla_pelican(root: Path) -> dict[str, float]:
    set_aside(root / "out-pelican", root)
    pelican = str(Path(sys.executable).with_name("pelican"))
    return run_measured([pelican, str(root / "md"), "-o", str(root / "out-pelican"), "-s",
                         str(root / "vanilla.conf.py"), "-q"], cwd=root)


def hugo_binary() -> str | None:
    """Path of Hugo, installing Debian's package when it is missing and we are root."""
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing Hugo from Debian for the comparison…", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("hugo")


def hugo_cold(root: Path, hugo: str) -> dict[str, float]:
    site = root / "hugo"
    set_aside(site / "public", root)
    set_aside(site / "resources", root)
    return run_measured([hugo, "--quiet", "--source", str(site), "--destination",
                         str(site / "public")], cwd=site)


def _median(runs: list[dict[str, float]]) -> dict[str, object]:
    return {
        "seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
        "peak_mib_max": max(r["peak_mib"] for r in runs),
        "seconds": [r["seconds"] for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,5000,19043")
    args = parser.parse_args()
    if corpus("reuters21578") is None:
        emit("build", {"bench": "build",
                       "skipped": "corpus absent: ../shared/corpora/reuters21578"})
        return
    from bench.reuters import load_stories

    stories = sorted((s for s in load_stories() if s.body.strip() and s.date),
                     key=lambda s: s.newid)
    # The next story on the wire is held out of the largest site: the warm rebuild
    # adds it, as a new story arriving at a built archive.
    sizes = [min(int(x), len(stories) - 1) for x in args.sizes.split(",")]
    full = max(sizes)
    added = stories[full]
    result: dict[str, object] = {"bench": "build", "stories_with_body": len(stories),
                                 "runs": args.runs}
    root = prepare(full, stories)
    # As `make html` does: the tool's modules compiled ahead, like an installed package's.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "tickertape", "plugins"],
                   cwd=ROOT, check=True)
    hugo = hugo_binary()
    if empty_trash():  # left by an interrupted run
        settle()

    cold, vanilla, warm, hugo_runs = [], [], [], []
    for run in range(args.runs):
        # Interleaved so machine noise hits both sides of each ratio alike.
        cold.append(cold_tickertape(root))
        vanilla.append(vanilla_pelican(root))
        warm.append(warm_tickertape(root, added, full))
        if hugo:
            hugo_runs.append(hugo_cold(root, hugo))
        print(f"run {run + 1}: cold {cold[-1]} vanilla {vanilla[-1]} warm {warm[-1]}"
              + (f" hugo {hugo_runs[-1]}" if hugo else ""), file=sys.stderr, flush=True)
    result["sources"] = full
    result["cold"] = _median(cold)
    result["vanilla_pelican"] = _median(vanilla)
    result["warm_after_adding_one"] = _median(warm)
    result["added_story"] = f"story-{added.newid:05d}"
    result["cold_vs_vanilla_ratio"] = round(
        result["cold"]["seconds_median"] / result["vanilla_pelican"]["seconds_median"], 3)  # type: ignore[index]
    if hugo:
        result["hugo_cold"] = _median(hugo_runs)
        result["warm_vs_hugo_ratio"] = round(
            result["warm_after_adding_one"]["seconds_median"]  # type: ignore[index]
            / result["hugo_cold"]["seconds_median"], 3)  # type: ignore[index]
    else:
        result["hugo_cold"] = "skipped: hugo not installed and could not be installed"

    scaling = {}
    for size in sizes:
        runs = [cold_tickertape(prepare(size, stories)) for _ in range(args.runs)] \
            if size != full else cold
        scaling[str(size)] = _median(runs)
    result["scaling"] = scaling
    small, big = min(sizes), max(sizes)
    if small != big:
        time_ratio = scaling[str(big)]["seconds_median"] / scaling[str(small)]["seconds_median"]  # type: ignore[operator]
        result["scaling_time_ratio"] = round(time_ratio, 2)
        result["scaling_size_ratio"] = round(big / small, 2)
        result["scaling_ok"] = time_ratio <= 1.2 * big / small
    result["peak_mib_at_full"] = result["cold"]["peak_mib_max"]  # type: ignore[index]
    result["search_index"] = _median([search_index(root) for _ in range(args.runs)])
    empty_trash()
    report = root / "report.json"
    if report.exists():
        import json

        data = json.loads(report.read_text("utf-8"))
        result["last_report"] = {k: data.get(k) for k in ("summary", "counters", "timings_s")}
    emit("build", result)


if __name__ == "__main__":
    main()
