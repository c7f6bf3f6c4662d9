"""What the related-posts ranking takes: its documents and its settings.

Kept apart from the ranking itself (tickertape.related), which loads numpy
and scipy: a build whose ranking runs in another process has no need of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RelatedDoc:
    """One article as the ranking sees it: key (slug), title, plain text, date, ticker symbols."""

    key: str
    title: str
    text: str
    date: datetime | None
    tickers: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelatedSettings:
    """Weights of the related-posts ranking.

    Defaults come from `python -m bench.related --tune` on Reuters-21578: each
    setting swept around the others on the even-NEWID half of the topical pool
    (ranked on its own), the odd half shown alongside as a check. Where P@5 is
    flat within the sweep's noise (about 0.002), the cheaper or plainer value won.
    """

    limit: int = 5
    # Added to the score times the cosine of the two ticker sets (1.0 for the same
    # set). It costs Reuters P@5 0.0005 (company codes as tickers; 0.2 costs 0.001),
    # where stories on one company often carry different topics; on a ticker site
    # those are the links a reader wants, so the boost lifts a same-company article
    # over a slightly closer text without pairing unrelated texts on the ticker alone.
    ticker_weight: float = 0.1
    # The text score is multiplied by 1 + recency_weight * 2 ** (-days apart / half-life):
    # among equally close texts the one nearer in time wins. Reuters P@5 is flat up
    # to 0.1 and falls beyond (0.2 costs 0.0016), so it stays a tie-breaker; it is
    # flat in the half-life from 3 to 90 days.
    recency_weight: float = 0.05
    half_life_days: float = 30.0
    # Pairs below this are not shown. Scores run higher in bigger archives, so no
    # one cut fits every size: in random Reuters archives of 40-300 stories, 40-50%
    # of the listed pairs scoring 0.2-0.25 share a topic, 23-38% at 0.15-0.2, and
    # 20% of random pairs do. From 1,000 stories up no listed pair scores under 0.25.
    min_score: float = 0.2
    # Two bodies with a TF-IDF cosine at or above this are copies of one story
    # (re-sent or syndicated, often under another title); a copy is never listed as
    # related to the other. On Reuters, pairs of 20+ word bodies at 0.9 and above
    # are re-sends of one story; 0.8-0.9 holds follow-ups (January vs February figures).
    duplicate_threshold: float = 0.9
    # ...but only between bodies of at least this many distinct indexed words: below
    # it, formulaic notices (dividend declarations of two different companies) reach
    # a cosine of 0.95 without being one story.
    duplicate_min_terms: int = 20
    # Weight of the title vector added to the body vector (both unit length); news
    # headlines name the subject, and 0.3-0.5 gains 0.015 P@5 over the body alone.
    title_weight: float = 0.4
    # Share of the exact TF-IDF cosine in the text score; the rest is the latent
    # cosine. Latent alone beats TF-IDF alone (P@5 0.894 vs 0.886); the blend is
    # flat from 0.15 to 0.6 (0.895-0.897) and keeps exact word matches (names,
    # figures) in the score.
    lexical_weight: float = 0.3
    # Latent dimensions (truncated SVD). P@5 is flat from 64 to 100, 0.002 lower at
    # 150-200 and 0.005 lower at 250. A corpus with fewer documents or terms than
    # this is compared in the full space.
    dimensions: int = 100
    # Candidates kept per article from the block search before the final scoring;
    # 20 and 50 give the same P@5, 10 loses 0.001.
    candidates: int = 30
    # Pseudo-relevance feedback: each article's latent vector is moved towards the
    # weighted mean of its `feedback_docs` best candidates (by `feedback` times that
    # mean) and the latent cosines are taken again, which favours candidates that
    # agree with the article's whole neighbourhood rather than with one word
    # (+0.002 P@5 on the even half, +0.003 on the odd, over none).
    feedback: float = 1.0
    feedback_docs: int = 10
    # An archive that grew by at most this share of the stories its model was fitted
    # on scores the new stories into the stored model (vocabulary, word weights,
    # latent basis) instead of fitting it again. Measured by holding out the
    # topical pool's newest stories and adding them one at a time up to the share:
    # P@5 0.9109 / 0.9105 / 0.9108 / 0.9117 at 0.5% / 1% / 2% / 5%, against 0.9105
    # fitted afresh, so the largest share measured is kept.
    refit_share: float = 0.05

    def __post_init__(self) -> None:
        if self.limit < 0 or self.duplicate_min_terms < 0:
            raise ValueError("limit and duplicate_min_terms must be >= 0")
        if min(self.candidates, self.dimensions, self.feedback_docs) < 1:
            raise ValueError("candidates, dimensions and feedback_docs must be >= 1")
        if self.half_life_days <= 0:
            raise ValueError("half_life_days must be > 0")
        if not 0.0 <= self.lexical_weight <= 1.0:
            raise ValueError("lexical_weight must be within [0, 1]")
        negative = [
            name
            for name in (
                "ticker_weight",
                "recency_weight",
                "title_weight",
                "feedback",
                "refit_share",
            )
            if getattr(self, name) < 0
        ]
        if negative:
            raise ValueError(f"weights must be >= 0: {', '.join(negative)}")
