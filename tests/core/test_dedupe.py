import pytest

from tickertape.dedupe import (
    BANDS,
    DedupeDoc,
    Signature,
    candidate_pairs,
    find_duplicates,
    overlap,
    shingle_set,
    sign_text,
)

STORY = (
    "Shares of regional lenders rose on Tuesday after the central bank said it would keep rates "
    "unchanged for the rest of the year, easing worries about funding costs. Analysts said the "
    "decision removed a source of uncertainty for banks that had been paying more to keep "
    "deposits, and several raised their forecasts for net interest income in the second half."
)
OTHER = (
    "The airline said it would order thirty long-haul jets to replace older aircraft, with the "
    "first deliveries expected in three years. The order, worth several billion dollars at list "
    "prices, follows a year of record passenger numbers and rising fuel efficiency targets."
)


def test_same_story_twice_is_a_duplicate_of_the_first() -> None:
    docs = [DedupeDoc("a", STORY), DedupeDoc("b", OTHER), DedupeDoc("c", STORY)]
    assert find_duplicates(docs) == {"c": "a"}


def test_syndicated_copy_with_extra_lines_and_case_changes() -> None:
    copy = "BANKS RALLY. " + STORY.upper() + " Reporting by a wire service; editing by a desk."
    assert find_duplicates([DedupeDoc("orig", STORY), DedupeDoc("syn", copy)]) == {"syn": "orig"}


def test_truncated_copy_is_caught_by_containment() -> None:
    half = STORY[: len(STORY) * 2 // 3]
    assert find_duplicates([DedupeDoc("full", STORY), DedupeDoc("cut", half)]) == {"cut": "full"}


def test_different_stories_on_one_topic_are_kept() -> None:
    follow_up = (
        "Regional lenders fell on Wednesday as investors took profits a day after the central "
        "bank kept rates unchanged; traders said deposit competition would remain fierce and "
        "some banks could still report weaker margins when they publish results next month."
    )
    assert find_duplicates([DedupeDoc("a", STORY), DedupeDoc("b", follow_up)]) == {}


def test_chains_point_at_the_first_kept_copy() -> None:
    docs = [DedupeDoc("a", STORY), DedupeDoc("b", STORY + " Extra."), DedupeDoc("c", STORY)]
    assert find_duplicates(docs) == {"b": "a", "c": "a"}


def test_short_or_empty_texts_are_never_duplicates() -> None:
    assert find_duplicates([DedupeDoc("a", "Short note."), DedupeDoc("b", "Short note.")]) == {}
    assert shingle_set("") == frozenset()


def test_overlap_figures() -> None:
    a, b = frozenset({1, 2, 3, 4}), frozenset({3, 4})
    assert overlap(a, b) == (0.5, 1.0)
    assert overlap(a, frozenset({9})) == (0.0, 0.0)


_STORY = ("The central bank raised its benchmark rate by a quarter point on Tuesday, citing "
          "inflation that stayed above target for a third straight quarter, and said more "
          "increases could follow if price pressures did not ease in the coming months.")


def test_signature_depends_on_its_own_text_only() -> None:
    # Cached signatures are reused next to any other stories: they must not
    # depend on which texts were signed before.
    alone = sign_text(_STORY)
    sign_text("Unrelated words about harvests, rainfall and wheat prices in the plains.")
    assert sign_text(_STORY) == alone
    assert Signature.from_bytes(alone.to_bytes()) == alone
    assert alone.shingles > 8 and len(alone.minhash) == 32 * 8
    assert sign_text("too short").minhash == b""


def test_given_signatures_give_the_same_answer() -> None:
    docs = [DedupeDoc("a", _STORY), DedupeDoc("b", "Reuters: " + _STORY + " Reuter"),
            DedupeDoc("c", "Wheat prices rose in the plains after weeks without rain left "
                           "growers short of stock, traders and farm groups said on Monday.")]
    expected = find_duplicates(docs)
    assert expected == {"b": "a"}
    assert find_duplicates(docs, [sign_text(d.text) for d in docs]) == expected


def _bands_shared(a: Signature, b: Signature) -> bool:
    width = len(a.minhash) // BANDS
    return any(a.minhash[k * width:(k + 1) * width] == b.minhash[k * width:(k + 1) * width]
               for k in range(BANDS))


def test_candidate_pairs_are_the_pairs_sharing_a_band() -> None:
    # Variants of two stories (words dropped or swapped) share some bands and
    # not others; the pairs found must be exactly those a pairwise check finds.
    words = _STORY.split()
    other = ("Wheat prices rose in the plains after weeks without rain left growers short "
             "of stock, traders and farm groups said on Monday, and mills raised bids.").split()
    texts = [" ".join(w[:k] + w[k + 1:]) for w in (words, other) for k in range(0, 20, 3)]
    texts += ["too short", " ".join(words[::-1])]
    sigs = [sign_text(t) for t in texts]
    expected = sorted((j, i) for i in range(len(sigs)) for j in range(i)
                      if sigs[i].minhash and sigs[j].minhash and _bands_shared(sigs[j], sigs[i]))
    found = candidate_pairs(sigs)
    assert found == expected
    assert any(j < 7 <= i for j, i in found) is False  # the two stories never pair up
    assert len(found) > 10


def test_verdicts_are_reused_and_recorded() -> None:
    docs = [DedupeDoc("a", _STORY), DedupeDoc("b", "Reuters: " + _STORY + " Reuter")]
    verdicts: dict[tuple[str, str], bool] = {}
    assert find_duplicates(docs, None, verdicts, ["ta", "tb"]) == {"b": "a"}
    assert verdicts == {("ta", "tb"): True}
    # A remembered verdict is taken as it is: the texts are not compared again.
    verdicts[("ta", "tb")] = False
    assert find_duplicates(docs, None, verdicts, ["ta", "tb"]) == {}
    with pytest.raises(ValueError):
        find_duplicates(docs, None, {}, ["ta"])
