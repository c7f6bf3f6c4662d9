"""Related posts after additions: a stored state scored into, or fitted again when it must be."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from tests.core.test_related import BANKS, CORPUS, LONG_OIL, OIL, SPORT, doc, make_topical
from tickertape.related import (
    RelatedDoc,
    RelatedSettings,
    fit_related,
    index_related,
    refresh_related,
    state_key,
    update_related,
)
from tickertape.related_state import RelatedState, state_from_bytes, state_to_bytes

# Eight latent dimensions: the topical corpus (120 stories) then runs the truncated
# SVD, so new stories are projected into a stored basis, not the full space.
SVD = RelatedSettings(dimensions=8, refit_share=0.5)
TOPICAL = [d for d, _ in make_topical()]
TOPIC_OF = {d.key: topic for d, topic in make_topical()}
# A new metals story, plainly on its topic's words.
NEW_METALS = doc(
    "metals-new",
    "copper smelter output tonnes nickel refinery ore mine copper zinc aluminium tonnes",
    "copper smelter output",
    days=12,
)
NEW_OIL = doc("oil-new", "OPEC ministers cut crude oil output quotas again.", "Oil quotas cut")


def fitted(docs: list[RelatedDoc], settings: RelatedSettings = SVD) -> RelatedState:
    """Articles -> their fitted state (asserting there is one)."""
    state = fit_related(docs, settings)[1]
    assert state is not None
    return state


def updated(
    state: RelatedState, docs: list[RelatedDoc], settings: RelatedSettings = SVD
) -> tuple[dict[str, list[str]], dict[str, str], RelatedState]:
    """A state, the grown archive -> (related lists, duplicates, new state); it must update."""
    step = update_related(state, docs, settings)
    assert step is not None
    return step[0].related, step[0].duplicates, step[1]


@pytest.mark.parametrize("docs", [CORPUS, CORPUS + [LONG_OIL], TOPICAL])
def test_fit_gives_the_full_ranking(docs: list[RelatedDoc]) -> None:
    settings = RelatedSettings(dimensions=8)
    index, state = fit_related(docs, settings)
    full = index_related(docs, settings)
    assert index.related == full.related and index.duplicates == full.duplicates
    assert state is not None and list(state.keys) == sorted(d.key for d in docs)


@pytest.mark.parametrize("docs", [[], [OIL[0]], [doc("a", "the and of"), doc("b", "of the")]])
def test_no_state_without_a_model(docs: list[RelatedDoc]) -> None:
    assert fit_related(docs)[1] is None
    assert refresh_related(docs).state is None


def test_new_story_gets_a_list_on_its_topic() -> None:
    related, _, state = updated(fitted(TOPICAL), TOPICAL + [NEW_METALS])
    mine = related["metals-new"]
    assert len(mine) == SVD.limit
    assert all(TOPIC_OF[k] == "metals" for k in mine)
    assert "metals-new" in state.keys and state.fitted == len(TOPICAL)


def test_new_story_enters_only_the_old_lists_it_beats() -> None:
    base = fitted(TOPICAL)
    before, _, _ = updated(base, TOPICAL)
    after, _, state = updated(base, TOPICAL + [NEW_METALS])
    holders = [k for k, keys in after.items() if "metals-new" in keys]
    assert holders and all(TOPIC_OF[k] == "metals" for k in holders)
    new_row = state.keys.index("metals-new")
    for key in holders:
        assert new_row in state.index[state.keys.index(key)].tolist()
    # A list it entered lost at most its last entry; every other list is as it was.
    for key, old in before.items():
        keys = after[key]
        if "metals-new" in keys:
            assert [k for k in keys if k != "metals-new"] == old[: len(keys) - 1]
        else:
            assert keys == old


def test_candidates_stay_unique_and_never_self() -> None:
    state = fitted(TOPICAL)
    _, _, new = updated(state, TOPICAL + [NEW_METALS, NEW_OIL])
    assert new.index.shape == (len(TOPICAL) + 2, state.index.shape[1])
    for row in range(len(new.keys)):
        candidates = new.index[row].tolist()
        assert len(set(candidates)) == len(candidates) and row not in candidates


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_additions_in_any_order_give_the_same_lists(seed: int) -> None:
    added = [NEW_METALS, replace(TOPICAL[5], key="undated-new", date=None), LONG_OIL]
    state = fitted(TOPICAL)
    first = updated(state, TOPICAL + added)
    shuffled = TOPICAL + added
    random.Random(seed).shuffle(shuffled)
    again = updated(state, shuffled)
    assert first[0] == again[0] and first[1] == again[1]
    assert np.array_equal(first[2].score, again[2].score)


def test_copy_of_an_old_story_is_not_listed_but_grouped() -> None:
    settings = replace(SVD, dimensions=2)
    docs = CORPUS + [LONG_OIL]
    copy = replace(LONG_OIL, key="oil-long-wire", title="Wire copy: cartel trims supply")
    related, duplicates, _ = updated(fitted(docs, settings), docs + [copy], settings)
    assert "oil-long" not in related["oil-long-wire"]
    assert "oil-long-wire" not in related["oil-long"]
    assert duplicates == {"oil-long-wire": "oil-long"}


Change = Callable[[list[RelatedDoc]], list[RelatedDoc]]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda docs: docs[1:], "a story removed"),
        (lambda docs: [replace(docs[0], text=docs[0].text + " zinc")] + docs[1:], "text changed"),
        (lambda docs: [replace(docs[0], title="zinc")] + docs[1:], "title changed"),
        (lambda docs: [replace(docs[0], tickers=("FCX",))] + docs[1:], "tickers changed"),
        (lambda docs: [replace(docs[0], date=None)] + docs[1:], "date changed"),
        (lambda docs: docs[1:] + [NEW_METALS], "one removed, one added"),
    ],
)
def test_a_removal_or_change_fits_again(change: Change, why: str) -> None:
    state = fitted(TOPICAL)
    docs = change(TOPICAL)
    assert update_related(state, docs, SVD) is None, why
    refreshed = refresh_related(docs, SVD, state)
    assert not refreshed.updated and refreshed.added == 0
    assert refreshed.index.related == index_related(docs, SVD).related
    assert refreshed.state is not None and refreshed.state.fitted == len(docs)


@pytest.mark.parametrize(
    ("other", "allowed"),
    [
        (replace(SVD, limit=3), False),
        (replace(SVD, min_score=0.1), False),
        (replace(SVD, refit_share=0.9), True),
    ],
)
def test_other_settings_fit_again_but_not_another_threshold(
    other: RelatedSettings, allowed: bool
) -> None:
    state = fitted(TOPICAL)
    assert (update_related(state, TOPICAL + [NEW_METALS], other) is not None) is allowed
    assert (state_key(other) == state_key(SVD)) is allowed


def test_a_state_of_other_code_fits_again() -> None:
    state = replace(fitted(TOPICAL), code="0" * 64)
    assert update_related(state, TOPICAL + [NEW_METALS], SVD) is None


@pytest.mark.parametrize(
    ("share", "added", "allowed"),
    # 120 fitted stories: 2% allows 2.4 more, 5% allows 6.
    [(0.02, 2, True), (0.02, 3, False), (0.0, 1, False), (0.05, 6, True)],
)
def test_growth_past_the_refit_share_fits_again(share: float, added: int, allowed: bool) -> None:
    settings = replace(SVD, refit_share=share)
    extra = [replace(NEW_METALS, key=f"metals-new-{i}") for i in range(added)]
    refreshed = refresh_related(TOPICAL + extra, settings, fitted(TOPICAL, settings))
    assert refreshed.updated is allowed
    assert refreshed.added == (added if allowed else 0)
    if not allowed:
        assert refreshed.index.related == index_related(TOPICAL + extra, settings).related


def test_growth_counts_from_the_fit_not_the_last_update() -> None:
    settings = replace(SVD, refit_share=0.02)
    state = fitted(TOPICAL, settings)
    for n in (1, 2, 3):
        extra = [replace(NEW_METALS, key=f"m{j}") for j in range(n)]
        step = refresh_related(TOPICAL + extra, settings, state)
        assert step.updated is (n < 3) and step.state is not None
        assert step.state.fitted == (len(TOPICAL) if n < 3 else len(TOPICAL) + 3)
        state = step.state


def test_no_addition_gives_the_fitted_lists() -> None:
    related, _, _ = updated(fitted(TOPICAL), list(reversed(TOPICAL)))
    assert related == index_related(TOPICAL, SVD).related


@pytest.mark.parametrize(
    ("docs", "settings"),
    # Default dimensions on a small corpus: the full space, no basis stored.
    [(TOPICAL, SVD), (CORPUS, RelatedSettings(refit_share=0.5))],
)
def test_state_round_trips_through_bytes(
    docs: list[RelatedDoc], settings: RelatedSettings
) -> None:
    state = fitted(docs, settings)
    back = state_from_bytes(state_to_bytes(state))
    assert (back.components is None) is (state.components is None)
    for name in ("keys", "vocabulary", "symbols", "settings", "code", "fitted"):
        assert getattr(back, name) == getattr(state, name), name
    for name in ("digests", "idf", "latent", "moved", "index", "score", "copy", "days"):
        assert np.array_equal(getattr(back, name), getattr(state, name), equal_nan=True), name
    for name in ("body", "title", "tickers"):
        assert (getattr(back, name) != getattr(state, name)).nnz == 0, name
    assert updated(state, docs + [NEW_OIL], settings)[0] == updated(back, docs + [NEW_OIL],
                                                                    settings)[0]


@pytest.mark.parametrize("blob", [b"", b"not a state", b"PK\x03\x04broken"])
def test_unreadable_bytes_raise_value_error(blob: bytes) -> None:
    with pytest.raises(ValueError):
        state_from_bytes(blob)


def test_full_space_update_links_a_new_story_to_its_subject() -> None:
    settings = RelatedSettings(refit_share=0.5)
    docs = OIL + BANKS + SPORT
    related, _, state = updated(fitted(docs, settings), docs + [NEW_OIL], settings)
    assert state.components is None
    assert related["oil-new"] and set(related["oil-new"]) <= {d.key for d in OIL}
    assert any("oil-new" in related[d.key] for d in OIL)
    assert all("oil-new" not in related[d.key] for d in BANKS + SPORT)


def test_unknown_words_of_a_new_story_are_ignored() -> None:
    settings = RelatedSettings(refit_share=0.5)
    docs = OIL + BANKS + SPORT
    new = doc("nonsense", "Zyzzyva quokka flibbertigibbet.", "Xylophone")
    related, _, state = updated(fitted(docs, settings), docs + [new], settings)
    assert related["nonsense"] == []
    assert state.body[state.keys.index("nonsense")].nnz == 0


def test_an_update_does_not_import_scikit_learn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A rebuild that only adds stories must not pay for importing scikit-learn
    # (most of a second): the update tokenizes and normalises on its own.
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "state.bin").write_bytes(state_to_bytes(fitted(TOPICAL)))
    script = (
        "import sys\n"
        "from tests.core.test_related_update import SVD, TOPICAL, NEW_METALS, updated\n"
        "from tickertape.related_state import state_from_bytes\n"
        f"state = state_from_bytes(open({str(tmp_path / 'state.bin')!r}, 'rb').read())\n"
        "related = updated(state, TOPICAL + [NEW_METALS])[0]\n"
        "assert related['metals-new'], related['metals-new']\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_update_normalises_like_the_fit() -> None:
    # The sklearn-free row normalisation gives the fit's bits exactly.
    import scipy.sparse as sp
    from sklearn.preprocessing import normalize

    from tickertape.related import _unit_csr, _unit_dense

    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float64):
        matrix = sp.random(40, 300, density=0.1, format="csr", random_state=4, dtype=dtype)
        ours, theirs = _unit_csr(matrix), normalize(matrix)
        assert ours.dtype == theirs.dtype and np.array_equal(ours.data, theirs.data)
    dense = rng.standard_normal((50, 8)).astype(np.float32)
    dense[2] = 0.0
    assert np.array_equal(_unit_dense(dense), normalize(dense))
