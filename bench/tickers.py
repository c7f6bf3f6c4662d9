"""Ticker benchmark (metrics.md §3): cashtag precision/recall on StockNet tweets,
false tickers per 100 Reuters-21578 articles, and speed.

    python -m bench.tickers

Tweets: (tweet id, upper-cased symbol) pairs against Twitter's cashtag entities
(silver labels). Text is HTML-unescaped first, as the site's cleaned text is. The
headline figures use names=False (the labels are cashtags only); the same run with
names=True is reported beside them. Disagreements go to
build/bench/tickers_disagreements.json (tweet text is not for publication).

Reuters: every body (19,043) is scanned with names=True. A false ticker is an
emitted (article, symbol) pair that the text does not back: no symbol written
after an exchange label or "$", and no company name the table knows written in
full. Every mention is re-checked against the text here, independently of how it
was found; name resolutions are also checked against a hand review of every
distinct (name, symbol) pair the corpus yields (REVIEWED below).
"""

from __future__ import annotations

import html
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from bench.common import CORPORA
from tickertape.models import TickerMention
from tickertape.symbols import load_listings
from tickertape.tickers import find_tickers

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "build" / "bench"

# Hand review of every distinct (name as written, symbol) the Reuters bodies yield,
# with whitespace collapsed. All name the listed company or the same business under
# the same name, except these, which name another entity.
JUDGED_WRONG: dict[tuple[str, str], str] = {
    ("Ricoh Corp", "7752"): "Ricoh's US subsidiary, not the Tokyo-listed parent",
    ("Ricoh Corp.", "7752"): "Ricoh's US subsidiary, not the Tokyo-listed parent",
}
# Pairs reviewed and judged right (the company, or the same business under the
# same name: "Marathon Petroleum Co" -> MPC, "Phillips 66 Co" -> PSX).
_REVIEWED_OK_TEXT = """
    Sapporo Breweries Ltd 2501|Toray Industries Inc 3402|Bridgestone Corp 5108
    Nippon Steel Corp 5401|Nippon Steel Corp. 5401|Hitachi Ltd 6501
    Mitsubishi Electric Corp 6503|NEC Corp 6701|NEC Corp. 6701|Fujitsu Ltd 6702
    Fujitsu Ltd. 6702|Sharp Corp 6753|Sony Corp 6758|TDK Corp 6762
    Mitsubishi Heavy Industries Ltd 7011|Kawasaki Heavy Industries Ltd 7012
    Mitsubishi Motors Corp 7211|Mitsubishi Motors Corp. 7211|Marubeni Corp 8002|Mitsui Co 8031
    Mitsui and Co 8031|Sumitomo Corp 8053|Sumitomo Corporation 8053|Mitsubishi Corp 8058
    Kansai Electric Power Co 9503|Abbott Laboratories Inc ABT|Analog Devices Inc ADI
    Archer Daniels Midland Co. ADM|Archer Daniels Midland Co ADM|Autodesk Inc ADSK|Aegon NV AGN
    American International Group Inc AIG|Ametek Inc AME|Amgen Inc AMGN|Aon Corp. AON
    American Express Co AXP|American Express Co. AXP|American Express Corp AXP|Boeing Co BA
    Boeing Co. BA|Boeing Company BA|Babcock International Plc BAB|Ball Corp BALL
    Barclays PLC BARC|Barclays Plc BARC|BASF AG BAS|Bayer AG BAYN|Best Buy Co BBY
    Biogen Inc BIIB|Baker Hughes Co BKR|Baker Hughes Inc BKR|Baker Hughes Inc. BKR
    Caterpillar Inc CAT|Commerzbank AG CBK|CF Industries Inc CF|Colgate-Palmolive Co CL
    Clorox Co CLX|CMS Energy Corp CMS|Continental AG CON|Cooper Companies COO|Cooper Cos COO
    CSX Corp CSX|Chevron Corp CVX|Chevron Corp. CVX|Delta Air Lines Inc DAL|Deutsche Bank AG DBK
    DuPont Co DD|DuPont Corp DD|Dollar General Corp DG|Danaher Corp DHR|Walt Disney Co DIS
    Dow Chemical Co DOW|Ecolab Inc ECL|Emerson Electric Co EMR|Eaton Corp ETN|Ford Motor Co F
    Ford Motor Co. F|Freeport-McMoRan Inc FCX|General Dynamics Corp GD|General Electric Co GE
    General Electric Co. GE|General Electric Company GE|General Electric Corp GE
    General Mills Inc GIS|General Motors Corp GM|General Motors Corp. GM
    General Motors Corporation GM|Goldman Sachs Co GS|Goldman Sachs Inc GS
    Goldman Sachs and Co GS|Goldman Sachs and Co. GS|Halliburton Co HAL|Hasbro Inc HAS
    Henkel KGaA HEN3|Honeywell Inc HON|Humana Inc HUM|IBM Company IBM|IBM Corp IBM
    Intel Corp INTC|International Paper Co IP|Illinois Tool Works Inc ITW
    Kohlberg Kravis Roberts and Co KKR|Coca-Cola Co KO|Kroger Co KR|Loews Corp L|Lennar Corp LEN
    Eli Lilly Co LLY|Eli Lilly and Co LLY|Lowe's Cos LOW|Southwest Airlines Co LUV
    Masco Corp MAS|McDonald's Corp MCD|McKesson Corp MCK|McKesson Corp. MCK
    Marathon Petroleum Co MPC|Marathon Petroleum Company MPC|Marathon Petroleum Corp MPC
    Merck Co MRK|Merck and Co MRK|Morgan Stanley Co MS|Morgan Stanley Inc MS
    Morgan Stanley and Co MS|Morgan Stanley and Co. MS|Morgan Stanley Inc. MS
    Microsoft Corp MSFT|Micron Technology Inc MU|Nordson Corp NDSN|Northern Trust Co NTRS
    Northern Trust Corp NTRS|News Corp NWS|News Corp. NWS|Oracle Corp ORCL
    Occidental Petroleum Co OXY|Occidental Petroleum Corp OXY|Occidental Petroleum Corp. OXY
    Paccar Inc PCAR|Public Service Enterprise Group Inc PEG
    Public Service Enterprise Group Inc. PEG|PepsiCo Inc PEP|Pepsico Inc PEP|Pfizer Inc PFE
    Progressive Corp PGR|Philips NV PHIA|Pentair Inc PNR|Pinnacle West Capital Corp PNW
    PPG Industries Inc PPG|Public Storage Inc PSA|Pearson Plc PSON|Phillips 66 Co PSX
    Rollins Inc ROL|Ross Stores Inc ROST|Charles Schwab Corp. SCHW|Siemens AG SIE
    Schlumberger Ltd SLB|Southern Co SO|Southern Co. SO|Standard Chartered PLC STAN
    Standard Chartered Plc STAN|Seagate Technology Corp STX|Stryker Corp SYK|Teradyne Inc TER
    Tesco Plc TSCO|Texas Instruments Inc TXN|Textron Inc TXT|Unilever PLC ULVR|Unilever Plc ULVR
    Unilever plc ULVR|Unilever N.V. UNA|Unilever NV UNA|Union Pacific Corp UNP
    Valero Energy Corp VLO|Volvo AB VOLV-B|Western Digital Corp WDC|Wells Fargo and Co WFC
    Waste Management Inc WM|Williams Cos WMB|Williams Cos. WMB|Wal-Mart Stores Inc WMT
    Whitbread PLC WTB|Weyerhaeuser Co WY|Accor S.A. AC|Bunzl Plc BNZL|Ecolab Co ECL
    Hino Motors Ltd 7205|Kobe Steel Ltd 5406|Kawasaki Heavy Industries Inc 7012
    Morgan Stanley & Co MS|Pearson PLC PSON|Schroders PLC SDR|Schroders Plc SDR
"""
REVIEWED_OK = frozenset(
    item.strip().rsplit(" ", 1)[0] + "\t" + item.strip().rsplit(" ", 1)[1]
    for item in _REVIEWED_OK_TEXT.replace("\n", "|").split("|")
    if item.strip()
)


def find_corpora() -> Path | None:
    """Repo location -> the shared corpora folder (../shared/corpora), or None."""
    return CORPORA if CORPORA.is_dir() else None


def emit(result: dict[str, object], name: str = "tickers") -> None:
    """Result -> printed as the last line and written to build/bench/<name>.json."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    line = json.dumps(result, sort_keys=True)
    (OUT_DIR / f"{name}.json").write_text(line + "\n", encoding="utf-8")
    print(line)


def score_tweets(
    path: Path, names: bool, forms: frozenset[str]
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """tweets_sample.jsonl, names flag, mention forms scored -> (scores, disagreements)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = [html.unescape(r["text"]) for r in rows]
    started = time.perf_counter()
    found = [find_tickers(t, names=names) for t in texts]
    elapsed = time.perf_counter() - started
    tp = fp = fn = 0
    disagreements: list[dict[str, object]] = []
    for row, text, mentions in zip(rows, texts, found, strict=True):
        gold = {s["text"].upper() for s in row["symbols"]}
        pred: dict[str, TickerMention] = {}
        for m in mentions:
            # "(NYSE: $CAT)" is filed as an exchange mention but written as a cashtag.
            as_cashtag = m.form == "exchange" and text[m.start - 1 : m.start] == "$"
            if m.form in forms or (as_cashtag and "cashtag" in forms):
                pred.setdefault(m.symbol.upper(), m)
        tp += len(gold & pred.keys())
        for symbol in sorted(pred.keys() - gold):
            fp += 1
            m = pred[symbol]
            disagreements.append(
                {
                    "id": row["id_str"],
                    "kind": "fp",
                    "symbol": symbol,
                    "form": m.form,
                    "context": text[max(0, m.start - 30) : m.end + 30],
                }
            )
        for symbol in sorted(gold - pred.keys()):
            fn += 1
            span = next(s["indices"] for s in row["symbols"] if s["text"].upper() == symbol)
            raw = row["text"]
            disagreements.append(
                {
                    "id": row["id_str"],
                    "kind": "fn",
                    "symbol": symbol,
                    "context": raw[max(0, span[0] - 30) : span[1] + 30],
                }
            )
    scores: dict[str, object] = {
        "tweets": len(rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "tweets_per_s": round(len(rows) / elapsed),
    }
    return scores, disagreements


def read_reuters_bodies(folder: Path) -> list[tuple[str, str]]:
    """Reuters-21578 .sgm files -> [(NEWID, body text)] for stories with a BODY."""
    bodies: list[tuple[str, str]] = []
    story = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
    body = re.compile(r"<BODY>(.*?)</BODY>", re.S)
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for m in story.finditer(raw):
            b = body.search(m.group(2))
            if b:
                # Control characters are written as numeric entities; &lt; and &amp; decode.
                bodies.append((m.group(1), html.unescape(re.sub(r"&#\d+;", " ", b.group(1)))))
    return bodies


_LABEL_BEFORE = re.compile(r"([A-Za-z][A-Za-z .&/\-]{0,40}?)\s*[:：]\s*\$?$")


def backed_by_text(text: str, m: TickerMention, bases: dict[str, set[str]]) -> bool:
    """Text, mention -> whether the text itself shows the ticker (metrics §3), checked afresh."""
    written = re.sub(r"\s+", " ", text[m.start : m.end])
    if m.form == "cashtag":
        return written.lstrip("$").upper() == m.symbol and written.startswith("$")
    if m.form == "exchange":
        if written != m.symbol:
            return False
        before = text[max(0, m.start - 200) : m.start]
        label = _LABEL_BEFORE.search(before)
        if label is not None:
            return True  # "... NYSE: SYM" (the label itself is checked by the tests)
        return re.search(r"under\s+the\s+(?:\w+\s+)?symbols?\W*$", before) is not None
    # A name: one of the table's names for that symbol, then a legal form.
    return any(written.startswith(b) and len(written) > len(b) for b in bases.get(m.symbol, ()))


def scan_reuters(folder: Path) -> dict[str, object]:
    """Reuters folder -> false tickers per 100 articles, counts by form and timing."""
    bodies = read_reuters_bodies(folder)
    bases: dict[str, set[str]] = {}
    for listing in load_listings():
        bases.setdefault(listing.symbol, set()).update(listing.bases)
    times: list[float] = []  # wall clock
    cpu_times: list[float] = []  # this process only: the shared machine preempts often
    pairs: set[tuple[str, str]] = set()
    unbacked: set[tuple[str, str]] = set()
    wrong: set[tuple[str, str]] = set()
    unreviewed: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for newid, text in bodies:
        started, cpu_started = time.perf_counter(), time.process_time()
        mentions = find_tickers(text)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        for m in mentions:
            forms[m.form] += 1
            pairs.add((newid, m.symbol))
            if not backed_by_text(text, m, bases):
                unbacked.add((newid, m.symbol))
            if m.form == "name":
                key = (re.sub(r"\s+", " ", text[m.start : m.end]), m.symbol)
                if key in JUDGED_WRONG:
                    wrong.add((newid, m.symbol))
                elif f"{key[0]}\t{key[1]}" not in REVIEWED_OK:
                    unreviewed[f"{key[0]} -> {key[1]}"] += 1
    n = len(bodies)
    return {
        "articles": n,
        "mentions_by_form": dict(forms),
        "ticker_pairs": len(pairs),
        "false_tickers_per_100": round(100 * len(unbacked) / n, 3),
        "false_tickers": len(unbacked),
        "wrong_entity_names_per_100": round(100 * len(wrong) / n, 3),
        "wrong_entity_names": len(wrong),
        "unreviewed_name_pairs": dict(unreviewed.most_common()),
        "ms_per_article_median": round(1000 * statistics.median(times), 4),
        "ms_per_article_mean": round(1000 * statistics.fmean(times), 4),
        "ms_per_article_p99": round(1000 * sorted(times)[int(0.99 * n)], 4),
        "cpu_ms_per_article_mean": round(1000 * statistics.fmean(cpu_times), 4),
        "cpu_ms_per_article_p99": round(1000 * sorted(cpu_times)[int(0.99 * n)], 4),
    }


def main() -> int:
    """Run both corpora -> one JSON line (also build/bench/tickers.json)."""
    corpora = find_corpora()
    tweets = corpora / "stocknet-tweets-sample" / "tweets_sample.jsonl" if corpora else None
    reuters = corpora / "reuters21578" if corpora else None
    if tweets is None or reuters is None or not tweets.is_file() or not reuters.is_dir():
        where = CORPORA
        print(f"corpus absent: {where}", file=sys.stderr)
        emit({"skipped": f"corpus absent: {where}"})
        return 0
    started = time.perf_counter()
    # Headline: cashtag mentions only, as the labels are cashtags. Beside it, every
    # form with names on: exchange mentions ("(NASDAQ:FB)") and names count as fp there.
    cashtags, disagreements = score_tweets(tweets, False, frozenset({"cashtag"}))
    with_names, _ = score_tweets(tweets, True, frozenset({"cashtag", "exchange", "name"}))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "tickers_disagreements.json").write_text(
        json.dumps(disagreements, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    result: dict[str, object] = {
        "tweets": cashtags,
        "tweets_with_names": with_names,
        "tweets_disagreements": len(disagreements),
        "disagreements_file": str((OUT_DIR / "tickers_disagreements.json").relative_to(REPO)),
        "reuters": scan_reuters(reuters),
    }
    result["seconds"] = round(time.perf_counter() - started, 1)
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
