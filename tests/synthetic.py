"""Synthetic text-dump sources for tests that need many stories (seeded, reproducible)."""

from __future__ import annotations

import random

_WORDS = (
    "market shares bank rates growth profit quarter revenue forecast investors bond yield dollar "
    "oil prices demand supply export import trade tariff deal merger acquisition board chief "
    "executive officer analyst estimate earnings loss debt credit rating fund index futures "
    "currency euro yen gold copper steel auto retail consumer spending inflation central policy "
    "government budget tax reform election court ruling regulator approval drug trial vaccine "
    "chip software cloud data center network mobile phone airline aircraft order delivery "
    "factory plant jobs wages union strike port shipping freight rail energy power solar wind "
    "coal gas pipeline refinery crude output cut stake bid offer price target upgrade downgrade"
).split()
_EXCHANGES = ("NASDAQ", "NYSE", "TSX", "LSE")


def story(rng: random.Random, n: int) -> str:
    """One text dump with a title line, a date line, three paragraphs and some widgets."""
    def sentence() -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 22))]
        return " ".join(words).capitalize() + "."

    symbol = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(2, 4)))
    title = " ".join(rng.choice(_WORDS) for _ in range(6)).title() + f" {n}"
    day = 1 + n % 28
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")[n % 6]
    paras = [" ".join(sentence() for _ in range(4)) for _ in range(3)]
    paras[0] += f" Shares of Example Corp ({rng.choice(_EXCHANGES)}: {symbol}) moved."
    return (
        f"{title}\n\nPublished on: {day:02d} {month}, 2019\n\n" + "\n\n".join(paras)
        + f"\n\n  • {rng.randint(10, 9999)}Views\n  • 0Comments\n\nRelated Posts\n"
    )


def make_sources(count: int, seed: int = 1987) -> dict[str, str | bytes]:
    """count -> {file name: dump text} of distinct synthetic stories."""
    rng = random.Random(seed)
    return {f"story{n:05d}.txt": story(rng, n) for n in range(count)}
