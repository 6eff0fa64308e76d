"""A review's kind and status when the text states them in a sentence that refers to it: the
sentence before ("... two SCRs. The review concerning Child L ..."), an ordinal ("The first,
concerning ..."), a plural kind that introduces a section's reviews, a more specific kind said
later, the stage reached ("completed", "would be published"); and a name before "review" that
nothing vouches for; wording is invented."""

from __future__ import annotations

import pytest

from extractor.nlp import reviews
from tests.nlp import test_reviews
from tests.nlp.helpers import annotate_text

nlp = test_reviews.nlp  # the sentences + reviews pipeline fixture
run = test_reviews.run


def rows(nlp, text: str) -> list[tuple[str, str, str | None]]:
    return [(r["name"], r["kind"], r["status"]) for r in run(nlp, text)]


def test_the_review_concerning_a_child_takes_the_kind_and_stage_of_the_sentence_before(nlp):
    text = "Over the year the partnership published two serious case reviews. The review concerning Child P looked at a baby's bruising."
    assert rows(nlp, text) == [("Child P", "SCR", "published")]


def test_a_chain_of_references_keeps_the_kind(nlp):
    text = (
        "The board began two learning reviews this spring. The review concerning Child U is due to be published in May. "
        "The second review, in respect of Baby V, has been completed in draft."
    )
    assert rows(nlp, text) == [("Child U", "learning review", "ongoing"), ("Baby V", "learning review", "ongoing")]


def test_an_ordinal_refers_back_to_the_reviews_named_before(nlp):
    text = (
        "We finished two local child safeguarding practice reviews. The first, concerning Child N, appeared in May. "
        "The second, known as the 'Oakley' review, is ongoing."
    )
    assert rows(nlp, text) == [("Child N", "LCSPR", None), ("Oakley", "LCSPR", "ongoing")]


def test_a_further_review_takes_the_kind_of_the_one_just_named(nlp):
    text = "The partnership commissioned a local child safeguarding practice review about Child E. A further review, concerning Baby F, was agreed in March."
    assert rows(nlp, text) == [("Child E", "LCSPR", "commissioned"), ("Baby F", "LCSPR", "commissioned")]


def test_a_bare_review_word_takes_the_kind_named_earlier_in_its_sentence(nlp):
    text = "The partners chose to commission an LCSPR; the review concerning Child Z is being undertaken by an independent author."
    assert rows(nlp, text) == [("Child Z", "LCSPR", "ongoing")]


def test_the_next_sentence_counts_only_when_it_refers_back(nlp):
    moved_on = "The review concerning Child Q looked at neglect. The partnership published its newsletter in June."
    referring = "The review concerning Child Q looked at neglect. It was published in June."
    assert rows(nlp, moved_on)[0][2] is None
    assert rows(nlp, referring)[0][2] == "published"


def test_a_reviews_own_stage_beats_the_stage_of_the_sentence_it_refers_to(nlp):
    text = "The partnership published one rapid review, about Child J, in May. A further review, concerning Baby M, was commissioned later."
    assert {n: s for n, _, s in rows(nlp, text)}["Baby M"] == "commissioned"


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("A learning review concerning Child H was completed in the autumn.", "completed"),
        ("The serious case review concerning Child H would be published after the trial.", "ongoing"),
        ("The serious case review concerning Child H had been completed and would be published later.", "completed"),
    ],
)
def test_completed_is_a_stage_of_its_own(nlp, sentence, status):
    assert rows(nlp, sentence)[0][2] == status


def test_a_plural_kind_introducing_a_section_gives_its_reviews_their_kind(nlp):
    text = (
        "# What we learned\n\n"
        "We held four rapid reviews. Two of them became local child safeguarding practice reviews.\n\n"
        "# Reports out this year\n\n"
        "‘Nia’ was a toddler who was hurt at home. The review found that her father was not seen.\n\n"
        "Young Person K (published May). Young Person K was exploited. The review said schools were not asked.\n"
    )
    assert [(n, k) for n, k, _ in rows(nlp, text)] == [("Nia", "LCSPR"), ("Young Person K", "LCSPR")]


def test_a_later_local_mention_makes_a_cspr_an_lcspr(nlp):
    text = (
        "# Child Safeguarding Practice Review: Idris\n\n"
        "The partnership's local child safeguarding practice review concerning a boy we call Idris is now out.\n"
    )
    assert rows(nlp, text)[0][:2] == ("Idris", "LCSPR")


def test_a_local_cspr_is_an_lcspr(nlp):
    assert rows(nlp, "A local CSPR concerning Child Y was published.") == [("Child Y", "LCSPR", "published")]


def test_a_name_before_review_that_nothing_vouches_for_is_not_a_case_review(nlp):
    doc = annotate_text(nlp, "The board prepared for the changes to partnerships proposed in the Hartley review.")
    assert reviews.fact_rows(doc) == []
    assert [rule for table, _, _, rule in doc._.dropped if table == "reviews"] == ["reviews.unvouched_name"]
