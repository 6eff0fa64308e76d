"""The statistics component: number forms, exclusions, labels, metrics, periods, and the gold files.

Expected values below were written from reading each sentence (or the corpus document), not
copied from the component's output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from extractor.evaluate import statistic_match
from extractor.nlp import metadata, sentences, statistics  # noqa: F401  (register factories)
from extractor.nlp.pipeline import annotate
from tests.helpers import ROOT
from tests.nlp.helpers import annotate_blocks

GOLD = ROOT / "tests" / "gold"
VALUE_TOLERANCE = 1e-3
MIN_PRECISION = MIN_RECALL = 0.9
LABEL_STOP_WORDS = {"the", "a", "an", "of", "to", "in", "for", "from", "and", "or", "on", "at", "by", "with", "our", "would", "be", "were", "was"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("statistics")
    return pipeline


def run(nlp: Language, blocks: list[tuple[str, str]] | str) -> list[dict[str, Any]]:
    """Facts for a text given as blocks (kind, text); each fact also carries its span text."""
    if isinstance(blocks, str):
        blocks = [("paragraph", blocks)]
    doc = annotate_blocks(nlp, blocks)
    return [{**span._.fact, "text": span.text} for span in doc.spans["statistics"]]


def run_document(nlp: Language, document: Any) -> list[dict[str, Any]]:
    doc = annotate(document, nlp)
    return [{**span._.fact, "text": span.text} for span in doc.spans["statistics"]]


def brief(facts: list[dict[str, Any]]) -> list[tuple[str, float, str, str | None]]:
    return [(f["text"], f["value"], f["unit"], f["qualifier"]) for f in facts]


# --- number forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("There were 24,000 contacts.", [("24,000", 24000, "count", None)]),
        ("We delivered training to over 1,100 professionals.", [("over 1,100", 1100, "count", "over")]),
        ("The annual budget is £300,000.", [("£300,000", 300000, "GBP", None)]),
        ("The budget is approximately £1.5m in total.", [("approximately £1.5m", 1_500_000, "GBP", "approximately")]),
        ("The partnership spent £2.5 million on services.", [("£2.5 million", 2_500_000, "GBP", None)]),
        ("Some £300k was spent on training.", [("Some £300k", 300_000, "GBP", "approximately")]),
        ("with one-third converting to referrals", [("one-third", 0.3333, "fraction", None)]),
        ("Two thirds of schools responded.", [("Two thirds", 0.6667, "fraction", None)]),
        ("Half of all referrals came from the police.", [("Half", 0.5, "fraction", None)]),
        ("1 in 5 children live in poverty.", [("1 in 5", 0.2, "fraction", None)]),
        ("fewer than 1 child was on a plan.", [("fewer than 1", 1, "count", "fewer than")]),
        ("50% of attendees were from the LA.", [("50%", 50, "percent", None)]),
        ("Attendance rose to 85 per cent this year.", [("85 per cent", 85, "percent", None)]),
        ("The partnership opened eight family hubs.", [("eight", 8, "count", None)]),
        ("There were twenty-five audits.", [("twenty-five", 25, "count", None)]),
        ("Training reached over a thousand professionals.", [("over a thousand", 1000, "count", "over")]),
        ("There were 1.2 million page views.", [("1.2 million", 1_200_000, "count", None)]),
        ("Nearly 3,500 contacts were received.", [("Nearly 3,500", 3500, "count", "nearly")]),
        ("Almost 40 schools took part.", [("Almost 40", 40, "count", "almost")]),
        ("Up to 30 staff attended each session.", [("Up to 30", 30, "count", "up to")]),
        ("More than 200 referrals were made.", [("More than 200", 200, "count", "more than")]),
        ("Less than 5% were repeat referrals.", [("Less than 5%", 5, "percent", "fewer than")]),
        ("There were 1,234 referrals (15%).", [("1,234", 1234, "count", None), ("15%", 15, "percent", None)]),
        ("The rate was 45.2 per 10,000 children.", [("45.2 per 10,000", 45.2, "per_10000_children", None)]),
        ("Training costs £25 per delegate.", [("£25", 25, "GBP", None)]),
        ("One rapid review was held.", [("One", 1, "count", None)]),
    ],
)
def test_number_forms(nlp, text, expected):
    assert [(t, pytest.approx(v, abs=VALUE_TOLERANCE), u, q) for t, v, u, q in expected] == brief(run(nlp, text))


def test_scale_letter_at_the_end_of_a_sentence(nlp):
    facts = run(nlp, "The budget is £1.5m. The rest is reserves.")
    assert [(f["value"], f["unit"]) for f in facts] == [(1_500_000, "GBP")]


def test_age_after_a_count_is_not_a_second_fact(nlp):
    assert brief(run(nlp, "75 pupils achieved well at age 5.")) == [("75", 75, "count", None)]


def test_n_with_percent_is_two_facts_with_one_label(nlp):
    facts = run(nlp, "In 2023 there were 212 allegations (45%) to the LADO.")
    assert [(f["value"], f["unit"]) for f in facts] == [(212, "count"), (45, "percent")]
    assert facts[0]["label"] == facts[1]["label"] and "allegations" in facts[0]["label"]


def test_compared_with_the_year_before(nlp):
    facts = run(nlp, "In 2023 there were 400 referrals, compared with 300 the year before.")
    assert [(f["value"], f["unit"]) for f in facts] == [(400, "count"), (300, "count")]
    assert facts[1]["label"] == "referrals"
    assert facts[0]["stat_period"] == "2023"
    assert facts[1]["stat_period"] is None


def test_rate_comparison_keeps_the_rate_unit(nlp):
    facts = run(nlp, "The rate was 45.2 per 10,000 children, compared with 40.1 the year before.")
    assert [(f["value"], f["unit"]) for f in facts] == [(45.2, "per_10000_children"), (40.1, "per_10000_children")]


def test_money_per_item_keeps_the_item(nlp):
    facts = run(nlp, "The cost of training is £25 per delegate.")
    assert facts[0]["unit"] == "GBP" and facts[0]["value"] == 25
    assert "per delegate" in facts[0]["label"] and "training" in facts[0]["label"]


def test_profile_clauses_are_per_100_children(nlp):
    blocks = [
        ("heading", "If Wirral Had 100 Children....."),
        ("paragraph", "49 would be girls and 51 would be boys"),
        ("paragraph", "fewer than 1 would have a Child Protection Plan"),
        ("paragraph", "75 would achieve well at age 5"),
        ("heading", "What has the Board Achieved?"),
        ("paragraph", "The Board trained 300 staff."),
    ]
    facts = run(nlp, blocks)
    assert [(f["value"], f["unit"], f["label"]) for f in facts] == [
        (49, "per_100_children", "would be girls"),
        (51, "per_100_children", "would be boys"),
        (1, "per_100_children", "would have a Child Protection Plan"),
        (75, "per_100_children", "would achieve well at age 5"),
        (300, "count", "staff"),
    ]
    assert facts[2]["qualifier"] == "fewer than"
    assert facts[2]["metric"] == "child_protection_plans"


def test_profile_in_one_sentence_for_another_area(nlp):
    facts = run(nlp, "If Barnsley had 100 children, 30 would live in poverty and 2 would be in care.")
    assert [(f["value"], f["unit"]) for f in facts] == [(30, "per_100_children"), (2, "per_100_children")]


def test_mentioning_the_profile_is_not_a_statistic(nlp):
    assert run(nlp, "The report shows what our children would be like if we had 100 children.") == []


def test_table_rows_take_the_row_label_and_column_period(nlp):
    table = "Indicator | 2022-23 | 2023-24\nContacts | 14,523 | 15,002\nChildren on a child protection plan | 372 | 401"
    facts = run(nlp, [("table", table)])
    assert [(f["value"], f["label"], f["stat_period"]) for f in facts] == [
        (14523, "Contacts", "2022-23"),
        (15002, "Contacts", "2023-24"),
        (372, "Children on a child protection plan", "2022-23"),
        (401, "Children on a child protection plan", "2023-24"),
    ]
    assert {f["metric"] for f in facts} == {"contacts", "child_protection_plans"}


# --- exclusions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The plan was agreed in 2023.",
        "It was published in March 2024.",
        "The meeting is on Wednesday, 22 January 2025.",
        "This is the annual report for 2023-24.",
        "Performance in 23/24 was good.",
        "The annual report 2014 -15 was late.",
        "See paragraph 4.2 of the plan.",
        "This is dealt with under Item 8 of the agenda.",
        "The Section 11 and 175 audits were completed.",
        "Download the report (PDF 900 KB).",
        "Call us on 0151 666 4314 for advice.",
        "Contact 01905 843000 between 9am and 5pm.",
        "Children should be seen within 7 days of a referral.",
        "The case was reviewed over an 18 month period.",
        "The report covers the previous 12-month period.",
        "The priorities for the next 12 months are set out below.",
        "The Noah review was about a two-year-old who died.",
        "Audits looked at children aged 0-5 in care.",
        "The case of an 18-year-old care leaver was reviewed.",
        "Services for 16 and 17 year olds were reviewed.",
        "It is a duty under the Children Act 2004.",
        "Working Together 2023 sets out the arrangements.",
        "The Neglect strategy and GCP2 were launched.",
        "The S11/175 programme continued.",
        "We continue to publish 7 minute briefings.",
        "The Board revised its 'top 20' indicators.",
        "The Business Plan sets out four priority areas: Neglect; Systemic Practice; Education; Exploitation.",
        "The report is 40 pages long.",
        "Our three statutory safeguarding partners are jointly responsible.",
        "The WSCP is undertaking a CSPR about three adopted siblings.",
        "The report was presented on behalf of the three statutory partners.",
        "A number of audits took place.",
        "The helpline supported hundreds of callers.",
        "The service provided one-stop help to families.",
        "One of the partners chaired the group.",
        "Training is offered at Level 3 for designated leads.",
        "Two examples include the work of schools and the police.",
        "In the first half of 2023 the team was restructured.",
        "1.1 The statutory partners must publish a report.",
    ],
)
def test_not_a_statistic(nlp, text):
    assert run(nlp, [("paragraph", text)]) == [], text


def test_numbered_heading_is_not_a_statistic(nlp):
    assert run(nlp, [("heading", "1.0 REASON/S FOR RECOMMENDATION/S"), ("heading", "3 Background")]) == []


def test_comparison_year_range_and_count_in_one_sentence(nlp):
    facts = run(nlp, "During 2023-24 the team received 1,050 LADO referrals.")
    assert brief(facts) == [("1,050", 1050, "count", None)]
    assert facts[0]["stat_period"] == "2023-24"


def test_count_next_to_year_is_kept(nlp):
    facts = run(nlp, "In 2023, 2000 children were seen by the service.")
    assert [(f["value"], f["stat_period"]) for f in facts] == [(2000, "2023")]


# --- labels, metrics, periods --------------------------------------------------------------


@pytest.mark.parametrize(
    "text, label, metric",
    [
        ("The report highlights the 43,000 visits to our website!", "visits to our website", "website_visits"),
        ("The annual budget for the WSCP is approximately £300,000.", "annual budget for the WSCP", "annual_budget"),
        (
            "In March 2024 there were 372 children subject to a child protection plan.",
            "children subject to a child protection plan",
            "child_protection_plans",
        ),
        ("There were 2819 children in need, and 777 children looked after.", "children in need", "children_in_need"),
        (
            "The WSCP has two other learning reviews nearing completion, these will be published soon.",
            "other learning reviews nearing completion",
            "reviews_published",
        ),
        (
            "Safeguarding boards are made up of over 25 representatives from a range of organisations who deliver services.",
            "representatives from a range of organisations",
            "partnership_members",
        ),
        ("The improvement plan addresses the 7 recommendations from the report.", "recommendations from the report", "recommendations_made"),
        ("The WSCP delivered 60 full multi-agency training events to 956 practitioners.", "full multi-agency training events", "training_events"),
        ("The event was attended by over 300 professionals.", "professionals", "training_attendees"),
        ("The number of children subject to a plan fell from 412 to 372.", "number of children subject to a plan", "child_protection_plans"),
        ("Referrals increased by 15% compared to last year.", "Referrals", "referrals"),
        ("The fair brought together 32 stalls.", "stalls", None),
    ],
)
def test_label_and_metric_of_first_fact(nlp, text, label, metric):
    fact = run(nlp, text)[0]
    assert (fact["label"], fact["metric"]) == (label, metric)


def test_people_are_training_attendees_only_in_a_training_sentence(nlp):
    trained, employed = run(nlp, "Training was delivered to over 600 staff."), run(nlp, "The council employs 600 staff.")
    assert trained[0]["metric"] == "training_attendees"
    assert employed[0]["metric"] is None


@pytest.mark.parametrize(
    "text, period",
    [
        ("There were over 24,000 contacts in 23/24.", "23/24"),
        ("In March 2024 there were 372 children subject to a plan, and 777 children looked after, which has fallen since 2022.", "March 2024"),
        ("Training has been delivered since September 2022 to over 600 staff.", "since September 2022"),
        ("During 2023 the WSCP delivered 60 training events.", "2023"),
        ("This year the partnership trained 300 staff.", None),
        ("The WSCP has two learning reviews nearing completion, these will be published in February 2024.", None),
        ("Since the review of the Board by Ofsted in 2016 a plan has addressed the 7 recommendations.", None),
        ("Ofsted visited in 2019; 14 schools responded.", None),
    ],
)
def test_stat_period(nlp, text, period):
    assert run(nlp, text)[0]["stat_period"] == period


def test_custom_vocabulary_path(tmp_path: Path):
    vocabulary = tmp_path / "metrics.json"
    vocabulary.write_text(json.dumps({"hubs": {"definition": "Family hubs", "phrases": ["family hubs"]}}))
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("statistics", config={"vocabulary": str(vocabulary)})
    facts = run(pipeline, "The council opened eight family hubs.")
    assert facts[0]["metric"] == "hubs"


def test_metric_keys_exist_in_the_vocabulary(nlp, corpus_documents):
    keys = set(statistics.load_metrics(statistics.DEFAULT_VOCABULARY))
    for document in corpus_documents.values():
        for fact in run_document(nlp, document):
            assert fact["metric"] is None or fact["metric"] in keys


# --- gold ----------------------------------------------------------------------------------


def content_words(label: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (label or "").lower()) if w not in LABEL_STOP_WORDS}


def same_fact(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The scorer's match (value and unit, LABELLING.md's units: 'fraction' 0.3333 is 33.3
    percent, rates are 'other'), and the labels share a content word."""
    return statistic_match(gold, predicted) and bool(content_words(predicted["label"]) & content_words(gold["label"]))


def precision_recall(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> tuple[float, float, list[dict[str, Any]], list[dict[str, Any]]]:
    unmatched = list(predicted)
    missed = []
    for fact in gold:
        match = next((p for p in unmatched if same_fact(p, fact)), None)
        if match is None:
            missed.append(fact)
        else:
            unmatched.remove(match)
    hits = len(gold) - len(missed)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    return precision, recall, unmatched, missed


def gold_files(split: str) -> list[dict[str, Any]]:
    files = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json"))]
    return [f for f in files if f["split"] == split]


@pytest.mark.parametrize("gold", gold_files("tune"), ids=lambda g: g["document"])
def test_tune_gold_precision_and_recall(nlp, corpus_documents, gold):
    predicted = run_document(nlp, corpus_documents[gold["document"]])
    precision, recall, extra, missed = precision_recall(predicted, gold["statistics"])
    assert precision >= MIN_PRECISION, extra
    assert recall >= MIN_RECALL, missed


@pytest.mark.parametrize("gold", gold_files("tune"), ids=lambda g: g["document"])
def test_tune_gold_qualifier_metric_and_period(nlp, corpus_documents, gold):
    predicted = run_document(nlp, corpus_documents[gold["document"]])
    for fact in gold["statistics"]:
        match = next(p for p in predicted if same_fact(p, fact))
        assert (match["qualifier"], match["metric"], match["stat_period"]) == (fact["qualifier"], fact["metric"], fact["stat_period"]), fact["quote"]


def test_committee_paper_has_exactly_its_three_statistics(nlp, corpus_documents):
    """Read from the paper: "published two statutory child safeguarding practice reviews" (a count
    of reviews published, even though they are then named), "two other learning reviews nearing
    completion" and "approximately £300,000"; everything else is a date, paragraph number, age,
    duration, phone number, or a count of partners or priorities."""
    predicted = run_document(nlp, corpus_documents["wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"])
    assert brief(predicted) == [("two", 2, "count", None), ("two", 2, "count", None), ("approximately £300,000", 300000, "GBP", "approximately")]


def test_summary_skips_names_and_ages(nlp, corpus_documents):
    predicted = run_document(nlp, corpus_documents["wirral-scp-annual-report-2023-24-summary.pdf"])
    values = {f["value"] for f in predicted}
    assert not values & {2, 7, 11, 175, 0, 5, 2023, 2024, 24, 25, 12, 32}  # 32: "a market place of 32 organisations"
    assert {43000, 24000, 372, 2819, 777, 600, 60, 956, 31, 493, 50, 300, 18} <= values


# --- genre rules added after the held-out check ---------------------------------------------
# Sentences below are written in other partnerships' style, not copied from the corpus. Each
# group has sentences the rule must drop and sentences a too-broad rule would wrongly drop.


@pytest.mark.parametrize(
    "text",
    [
        "The youngest child was two and a half years old at the time.",
        "A three-and-a-half-year-old girl was taken to hospital.",
        "Her brother, aged 5½, attended the nursery.",
        "The baby was 7 and a half months old when the bruising was seen.",
        "The boy, aged 11 and a half, was missing from school.",
    ],
)
def test_ages_with_fractions_are_not_statistics(nlp, text):
    assert run(nlp, text) == [], text


def test_fractions_and_counts_next_to_the_age_rule_are_kept(nlp):
    assert brief(run(nlp, "Half of the 40 schools completed the audit.")) == [("Half", 0.5, "fraction", None), ("40", 40, "count", None)]
    assert brief(run(nlp, "A quarter of contacts came from schools.")) == [("A quarter", 0.25, "fraction", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Our three statutory partners signed off the plan.",
        "The three LSCP lead Partners meet every month.",
        "The 3 safeguarding partners share the cost of the business unit.",
        "The three partners agreed a new model of independent scrutiny.",
        "The four key partners are the council, the police, health and schools.",
        "The partnership now has 40 partner agencies.",  # LABELLING.md: counts of partners or agencies
        "Our arrangements list 26 relevant agencies.",
        "Staff from 57 organisations attended the spring conference.",  # genre README: organisations as such
        "The directory lists over 90 voluntary organizations.",
        "The business unit is shared with two neighbouring councils.",
        "Funding comes from the county and the three hospital trusts.",
    ],
)
def test_counts_of_the_statutory_partners_are_not_statistics(nlp, text):
    assert run(nlp, text) == [], text


@pytest.mark.parametrize(
    "text, value",
    [
        ("Three new partner agencies joined the partnership this year.", 3),
        ("Our partners trained 250 volunteers.", 250),
        ("Five new organisations signed the pledge in the spring.", 5),
        ("Children were placed here by 14 other local authorities.", 14),
    ],
)
def test_counts_of_new_partners_are_kept(nlp, text, value):
    assert [f["value"] for f in run(nlp, text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Many practitioners were off sick with Covid 19 over the winter.",
        "COVID 19 changed how the family hubs worked.",
        "The H1N1 plan was refreshed by public health.",
        "Staff now use the Neglect Toolkit (3) in every assessment.",
        "The partnership moved to Signs of Safety 2 in the spring.",
        "Health visitors piloted the Solihull Approach 2 with new parents.",
        "Take-up of GCP 2 is monitored by the neglect sub-group.",
    ],
)
def test_numbers_in_disease_and_product_names_are_not_statistics(nlp, text):
    assert run(nlp, text) == [], text


def test_a_breakdown_of_named_sources_is_kept(nlp):
    facts = run(nlp, "Referrals came from the Police (45), Health (30) and Schools (12).")
    assert [f["value"] for f in facts] == [45, 30, 12]


def test_an_infographic_line_of_a_label_and_its_figure_is_kept(nlp):
    assert [f["value"] for f in run(nlp, [("paragraph", "Domestic Abuse 12")])] == [12]


def test_a_name_followed_by_what_is_counted_is_kept(nlp):
    assert [f["value"] for f in run(nlp, "The MASH Team 14 referrals figure was checked.")] == [14]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Overall 12 were referred to the panel.", 12),
        ("Additionally 15 were seen by the school nurse.", 15),
        ("Of the referrals, All 12 were seen.", 12),
    ],
)
def test_a_capital_that_only_opens_the_sentence_is_not_a_name(nlp, text, value):
    assert [f["value"] for f in run(nlp, text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Professionals should support the one making the disclosure.",
        "She was the one who raised the alarm with the school.",
        "Each one of the nurseries completed an audit.",
        "No one agency holds all the information about a family.",
        "Agencies must hold one another to account.",
        "Any one of the partners can escalate a concern.",
    ],
)
def test_one_as_a_pronoun_is_not_a_statistic(nlp, text):
    assert run(nlp, text) == [], text


def test_one_of_n_counts_the_n(nlp):
    assert brief(run(nlp, "One of the 9 academies did not return the audit.")) == [("9", 9, "count", None)]


def test_one_in_n_in_words_is_a_fraction(nlp):
    assert brief(run(nlp, "One in four children live in poverty.")) == [("One in four", 0.25, "fraction", None)]


@pytest.mark.parametrize(
    "text",
    ["The partnership held one multi-agency audit on neglect.", "One training session was run for governors."],
)
def test_one_counting_a_noun_is_kept(nlp, text):
    assert [(f["value"], f["unit"]) for f in run(nlp, text)] == [(1, "count")]


@pytest.mark.parametrize(
    "text",
    [
        "The two case studies quoted above show good practice.",
        "These four schools were then visited by the team.",
        "Those two families were offered early help.",
        "The three actions set out below respond to the findings.",
        "The two audits referred to above found gaps in recording.",
        "Both of the above were reported to the board.",
        "The following three cases were discussed at the meeting.",
    ],
)
def test_counts_pointing_at_items_already_given_are_not_statistics(nlp, text):
    assert run(nlp, text) == [], text


@pytest.mark.parametrize(
    "text, value",
    [
        ("Three cases above the threshold were referred to the panel.", 3),
        ("Of these, 45 were referred to children's social care.", 45),
        ("These 300 children were all seen within a day.", 300),  # too many to be a list
    ],
)
def test_counts_near_pointer_words_are_kept(nlp, text, value):
    assert [f["value"] for f in run(nlp, text)] == [value]


@pytest.mark.parametrize(
    "blocks, value",
    [
        ([("paragraph", "The partnership published one serious case review this year. The review, published in May, concerns 'Daisy'.")], 1),
        ([("paragraph", "Two rapid reviews were held. They concerned Child K and Baby L.")], 2),
        ([("paragraph", "We commissioned one local child safeguarding practice review, ‘Jamie’, in the autumn.")], 1),
        ([("paragraph", "The panel published one learning review this year."), ("paragraph", "This review concerned 'Ava'.")], 1),
        ([("paragraph", "The board completed two reviews (LCSPRs), Maya and Theo.")], 2),
    ],
)
def test_counts_of_reviews_that_are_then_named_are_statistics(nlp, blocks, value):
    """LABELLING.md: reviews published are activity ("published one review"), named or not."""
    assert [f["value"] for f in run(nlp, blocks)] == [value]


@pytest.mark.parametrize(
    "text, value",
    [
        ("The panel carried out four rapid reviews. These reviews are still under way.", 4),
        ("One learning review was published. The Partnership also launched the 'Safe Start' campaign.", 1),
        ("Two serious case reviews were published. Both are available on the website.", 2),
        ("The partnership published one CSPR and launched the 'Safer Sleep' campaign.", 1),
    ],
)
def test_counts_of_unnamed_reviews_are_kept(nlp, text, value):
    facts = run(nlp, text)
    assert [f["value"] for f in facts] == [value]
    assert facts[0]["metric"] == "reviews_published"


@pytest.mark.parametrize(
    "text, period",
    [
        ("In 2020 the hub opened and it currently runs 6 groups for parents.", None),
        ("The service began in 2019 and now has 14 staff.", None),
        ("The service started in 2018 and has 12 social workers.", None),
        ("In 2023/24 there are 410 children on plans.", "2023/24"),
        ("In 2022 there were 95 children on plans, and 300 children in care.", "2022"),
    ],
)
def test_present_tense_counts_do_not_take_a_year_from_another_clause(nlp, text, period):
    assert [f["stat_period"] for f in run(nlp, text)][-1] == period


# --- genre forms from the brief not covered above ---------------------------------------------


def test_money_each_takes_the_item_before(nlp):
    fact = run(nlp, "Places on the course cost £250 each.")[0]
    assert (fact["value"], fact["unit"]) == (250, "GBP")
    assert "Places on the course" in fact["label"] and "each" in fact["label"]


def test_infographic_label_above_the_figure(nlp):
    blocks = [
        ("heading", "Our year in numbers"),
        ("paragraph", "Contacts to the front door"),
        ("paragraph", "12,400"),
        ("paragraph", "Referrals to social care"),
        ("paragraph", "3,456"),
    ]
    assert [(f["value"], f["label"]) for f in run(nlp, blocks)] == [(12400, "Contacts to the front door"), (3456, "Referrals to social care")]


def test_infographic_label_below_the_figure(nlp):
    blocks = [
        ("heading", "Our year in numbers"),
        ("paragraph", "12,400"),
        ("paragraph", "contacts to the front door"),
        ("paragraph", "3,456"),
        ("paragraph", "referrals to social care"),
    ]
    assert [(f["value"], f["label"]) for f in run(nlp, blocks)] == [(12400, "contacts to the front door"), (3456, "referrals to social care")]


@pytest.mark.parametrize(
    "text",
    [
        "Download the annual report (PDF 900KB).",
        "Annual report 2022 to 2023 (PDF, 1.2MB)",
        "Ring 01632 960 123 or text 07700 900123.",
        "A plan must be reviewed within 3 months and a conference held within 15 working days.",
        "Young people aged 16 and over can self-refer.",
        "The service supports 11-17 year olds.",
        "The strategy ran from 2019 to 2022.",
        "See section 4.3 and paragraph 12.",
        "Agenda Item 6",
        "Performance in Quarter 3 was reported to the board.",
        "Quarter 3 performance was reported.",
        "Figures for quarters 1 and 2 are attached.",
    ],
)
def test_more_numbers_that_are_never_statistics(nlp, text):
    assert run(nlp, text) == [], text


def test_n_with_percent_and_rate_and_comparison_in_other_wording(nlp):
    assert [(f["value"], f["unit"]) for f in run(nlp, "There were 1,050 contacts (18%) from schools.")] == [(1050, "count"), (18, "percent")]
    assert [(f["value"], f["unit"]) for f in run(nlp, "Re-referrals stood at 22.4 per 10,000 children.")] == [(22.4, "per_10000_children")]
    facts = run(nlp, "There were 640 referrals in 2022-23 compared to 590 in 2021-22.")
    assert [(f["value"], f["label"], f["stat_period"]) for f in facts] == [(640, "referrals", "2022-23"), (590, "referrals", "2021-22")]


@pytest.mark.parametrize("text, value", [("Eleven schools signed up to the scheme.", 11), ("Seventy-two practitioners attended the conference.", 72)])
def test_number_words_in_other_wording(nlp, text, value):
    assert [(f["value"], f["unit"]) for f in run(nlp, text)] == [(value, "count")]
