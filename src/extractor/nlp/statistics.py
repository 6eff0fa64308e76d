"""Numeric facts ("over 24,000 contacts", "£300,000", "one-third", "50% of attendees").

How it works, and why in this order:

1. **Number expressions** are found with a token `Matcher` (digits, number words, fractions,
   "1 in 5"), then widened to their unit ("£", "%", "per cent", "per 10,000") and qualifier
   ("over", "fewer than").
2. **Things that look like numbers but are not counts** are removed. Most are token patterns
   too (dates, year ranges, ages, durations, mixed numbers of ages and durations ("two and a
   half years old", "aged 4 and a half"), "Item 8", "Section 11", "Quarter 3", phone numbers,
   file sizes, page counts, "Covid 19", the "per 10,000" base, the "100" in "If <area> had 100
   children"); a few need the sentence: paragraph numbers at the start of a block, years,
   counts of items the text then lists ("two reviews, Leo and Ava"), or names in the next
   sentence that refers back ("one CSPR. This review ... 'Ruby'"), counts pointing at items
   given elsewhere ("these three cases", "the two examples quoted above"), counts of
   structural things ("four priority areas") and of the statutory partners ("our three lead
   partners"), version numbers after a name ("Signs of Safety 2", "Graded Care Profile (2)"),
   "one" as a pronoun ("the one who", "no one"), the subjects of a single case ("a review
   about three siblings").
3. **What is counted** (`label`) is the text's own words right after the number, up to the
   next clause boundary; with nothing after the number ("The budget is £300,000.") it is the
   subject before "is/was" or a colon; in a table ("cell | cell" rows) it is the row or column
   heading; for a figure printed alone (infographics) it is the caption block next to it.
   `metric` maps the label onto metrics.json, and `stat_period` is the period the sentence (or
   the table's column heading) gives for it, unless the number's own clause is set in the
   present ("... and it currently includes 8 programmes").

Spans in the group are the number expression with its qualifier and unit signs
("over 24,000", "£300,000", "50%", "45.2 per 10,000").

Every rule is about the genre (English council and safeguarding-partnership reports), not a
particular document, so it carries over to other partnerships.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from . import extensions  # noqa: F401  (declares span._.fact, doc._.blocks)
from .grammar.names import CODE_PATTERN
from .grammar.periods import MONTHS, SINGLE_YEAR, find_periods, period_matcher
from .sentences import block_starts, set_sentence_starts
from .textblocks import HEADING_KIND, block_of, doc_blocks, load_data

DEFAULT_VOCABULARY = Path(__file__).parent / "data" / "metrics.json"
SPAN_GROUP = "statistics"
SPAN_LABEL = "STATISTIC"

COUNT, PERCENT, GBP, PER_100, PER_10000, FRACTION = (
    "count", "percent", "GBP", "per_100_children", "per_10000_children", "fraction",
)
RATE_BASES = {100: PER_100, 10_000: PER_10000}  # other bases ("per 1,000") have no unit: dropped
FRACTION_DIGITS = 4  # "one-third" -> 0.3333

# --- number vocabulary ---------------------------------------------------------------------

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
NUMBER_WORDS = {**SMALL_NUMBERS, **TENS, **SCALE_WORDS, "dozen": 12}
MONEY_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# At the end of a sentence the tokenizer keeps the stop on the scale: "£1.5m." -> "1.5", "m.".
MONEY_SCALES.update({f"{abbreviation}.": factor for abbreviation, factor in list(MONEY_SCALES.items()) if len(abbreviation) <= 2})
FRACTION_WORDS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
    "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10,
}
FRACTION_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
DIGITS_RE = r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"
SCALED_MONEY_RE = r"^\d+(\.\d+)?(k|m|mn|bn)$"
PERCENT_WORDS = ("percent", "pc")

# Multi-word qualifiers first; values are the README's canonical qualifiers.
QUALIFIERS: list[tuple[tuple[str, ...], str]] = [
    (("in", "excess", "of"), "over"), (("more", "than"), "more than"), (("greater", "than"), "more than"),
    (("fewer", "than"), "fewer than"), (("less", "than"), "fewer than"), (("up", "to"), "up to"),
    (("at", "least"), "more than"), (("just", "over"), "over"), (("well", "over"), "over"),
    (("just", "under"), "under"), (("approx", "."), "approximately"), (("over",), "over"), (("under",), "under"),
    (("approximately",), "approximately"), (("approx",), "approximately"), (("around",), "approximately"),
    (("about",), "approximately"), (("circa",), "approximately"), (("roughly",), "approximately"),
    (("some",), "approximately"), (("nearly",), "nearly"), (("almost",), "almost"),
]
# "about"/"some"/"around" are qualifiers only where a quantity may follow, not "a review about three siblings".
LOOSE_QUALIFIERS = frozenset({"about", "some", "around"})
LOOSE_QUALIFIER_PRECEDERS = frozenset({"was", "were", "is", "are", "be", "been", "of", "by", "to", "with", "had", "have", "has", "there", ",", "(", "and"})

# --- exclusion vocabulary ------------------------------------------------------------------

TIME_UNITS = [
    "day", "days", "week", "weeks", "fortnight", "fortnights", "month", "months", "year", "years", "yr", "yrs",
    "hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "second", "seconds", "decade", "decades",
    "night", "nights", "weekend", "weekends", "term", "terms",
]
DURATION_MODIFIERS = ["working", "calendar", "consecutive", "full", "school", "academic", "further", "more", "previous", "past", "additional"]
# Words that put a number in a name or a reference, not a count: "Item 8", "Section 11", "Level 3".
LABEL_NOUNS = [
    "item", "items", "section", "sections", "appendix", "appendices", "annex", "annexe", "paragraph", "paragraphs",
    "para", "paras", "page", "pages", "p", "pp", "chapter", "chapters", "table", "tables", "figure", "figures", "fig",
    "part", "parts", "phase", "level", "levels", "stage", "stages", "tier", "tiers", "step", "version", "no", "nos",
    "ref", "reference", "priority", "question", "recommendation", "option", "article", "articles", "clause", "regulation",
    "schedule", "standard", "box", "ward", "room", "floor", "tel", "telephone", "phone", "mobile", "fax", "ext",
    "extension", "minicom", "wave", "module", "objective", "outcome", "principle", "slide", "point", "s", "act",
    "issue", "edition", "volume", "vol", "route", "junction", "grade", "band", "class", "pathway", "pillar",
    "quarter", "quarters", "q",  # "Quarter 3 performance": a reporting period
]
AGE_WORDS = ["age", "aged", "ages"]
AGE_GROUPS = ["children", "child", "babies", "baby", "infants", "people", "pupils", "those", "girls", "boys", "adults", "persons"]
FILE_UNITS = ["kb", "mb", "gb", "kilobytes", "megabytes", "bytes"]
PAGE_UNITS = ["page", "pages", "pp", "slide", "slides"]
PAGE_VIEW_WORDS = frozenset({"views", "view", "visits", "hits", "impressions", "visitors"})
PROFILE_NOUNS = ["children", "young", "pupils", "kids", "people"]
CLOCK_WORDS = ["am", "pm", "a.m.", "p.m."]
RANGE_DASHES = ["-", "–", "—", "/"]
# Names that carry a number ("Covid 19", "COVID 19", "SARS-CoV 2"): the number is part of the name.
NUMBERED_NAMES = ["covid", "coronavirus", "sars", "cov", "mers", "h1n1", "h5n1"]
# "two and a half", "six-and-a-half": the fractional part of a mixed number, which in this
# genre is nearly always an age or a duration ("two and a half years old", "aged 4 and a half").
MIXED_FRACTIONS = ["half", "quarter"]
MIXED_NUMERATORS = ["a", "one", "three"]
PROPAGATING = frozenset({"LABELLED", "AGE", "DURATION", "PAGES", "FILE"})  # "Section 11 and 175", "aged 10 to 17"
WHOLE_MATCH_EXCLUSIONS = frozenset({"MIXED_TIME", "MIXED_AGE"})  # every token, not just the digits
FRACTION_PART_EXCLUSION = "MIXED_PART"  # only "a half" of "N and a half": N is judged on its own
NUMBER_CONNECTORS = frozenset({"and", "or", "to", ",", "&", "-", "–", "/"})

YEAR_MIN, YEAR_MAX = 1800, 2099
YEAR_PRECEDERS = frozenset({
    "in", "during", "since", "from", "until", "till", "by", "of", "to", "between", "before", "after", "throughout",
    "for", "and", "summer", "autumn", "spring", "winter", "early", "late", "mid", "year", "end", "(", "the",
})
IRREGULAR_PLURALS = frozenset({"children", "people", "staff", "men", "women", "police", "personnel", "youth", "young"})
FUNCTION_WORDS = frozenset({
    "was", "is", "has", "as", "this", "its", "his", "us", "thus", "plus", "across", "always", "perhaps", "unless",
    "whereas", "towards", "besides", "yes", "does", "goes", "less",
})
# Counts of parts of a document or of the arrangements themselves, which the text lists or
# which are fixed by statute ("the three safeguarding partners"): not statistics.
STRUCTURAL_NOUNS = frozenset({
    "priorities", "priority", "areas", "objectives", "aims", "themes", "principles", "pillars", "strands", "sections",
    "chapters", "parts", "appendices", "examples", "questions", "outcomes", "ambitions", "values",
    "commitments", "goals", "steps", "stages", "headings", "workstreams", "elements", "domains", "categories",
})
# "The three statutory partners", "our three lead Partners", "the 3 safeguarding partners":
# the partners fixed by statute (local authority, police, health; education in some areas)
# are a description of the arrangements, not a fact about the year's work.
STATUTORY_PARTNER_WORDS = frozenset({"statutory", "safeguarding", "lead", "key", "core", "founding", "strategic", "named", "main"})
PARTNER_WORDS = frozenset({"partner", "partners"})
PARTNER_BODY_WORDS = frozenset({"agency", "agencies", "organisation", "organisations", "organization", "organizations", "bodies", "body"})
STATUTORY_PARTNERS_MAX = 4  # three statutory partners, four where education is a partner
DEFINITE_DETERMINERS = frozenset({"the", "our", "its", "their", "these", "those", "both"})
NEW_MEMBER_WORDS = frozenset({"new", "other", "additional", "more", "further", "extra", "relevant"})
# Counts that point at items the text has just given or is about to give ("these three
# cases", "the two exemplars quoted above", "the four areas listed below"): list counts.
ANAPHORIC_DETERMINERS = frozenset({"these", "those", "following", "above", "aforementioned", "said"})
ANAPHORIC_POINTERS = frozenset({"above", "below", "overleaf", "earlier", "previously", "aforementioned", "beneath"})
# Between the counted noun and the pointer: "quoted above", "set out below", "referred to above".
POINTER_LINKS = frozenset({
    "quoted", "listed", "mentioned", "described", "outlined", "cited", "set", "out", "referred", "to", "detailed",
    "shown", "given", "noted", "highlighted", "discussed", "identified", "summarised", "summarized", "presented",
    "named", "explained", "as", "reported", "included", "featured",
})
POINTER_WINDOW = 3  # tokens between the noun phrase and "above"/"below"
POINTER_OBJECTS = frozenset({"the", "a", "an", "this", "that", "their", "its", "our", "his", "her"})  # "above the threshold"
# A number directly after a capitalised name is the name's version or edition ("Graded Care
# Profile (2)", "Signs of Safety 2", "GCP 2"); version numbers are small.
NAME_NUMBER_MAX = 20
UNIT_FOLLOWERS = frozenset({"%", "per", "percent", "pc", "cent", "times"})
LIST_MAX = 12  # a "count" this small followed by a list of names is a count of listed items
LIST_INTRODUCERS = frozenset({":", "–", "—", ";", ",", "(", "-", "namely", "including", "include", "includes", "comprising", "being"})
CASE_WORDS = frozenset({"review", "cspr", "scr", "lcspr", "case", "rapid", "inquiry"})
CASE_PREPOSITIONS = frozenset({"about", "into", "concerning", "regarding", "involving", "of", "on"})
CASE_OF_WORDS = frozenset({"case", "death", "deaths"})
# Singular nouns that make "one" a count ("one rapid review") rather than a pronoun ("one of").
ONE_NOUNS = frozenset({
    "review", "cspr", "scr", "lcspr", "referral", "audit", "allegation", "event", "course", "session",
    "recommendation", "conference", "inspection", "complaint", "death", "child", "family", "case",
})
CASE_WINDOW = 4
ONE_NOUN_WINDOW = 3  # "one" is a statistic only with a counted noun this close ("one rapid review")
# "no one", "each one", "every one", "any one", "which one": "one" is a pronoun after these.
PRONOUN_ONE_PRECEDERS = frozenset({"no", "each", "every", "any", "which", "anyone", "someone", "the", "this", "that", "only"})
# Counted review nouns whose count is a list count when the following sentence names them
# ("published one CSPR this year. This review ... 'Ruby'"); counts of unnamed reviews stay.
REVIEW_COUNT_WORDS = frozenset({"review", "reviews", "cspr", "csprs", "lcspr", "lcsprs", "scr", "scrs", "cspr's", "scr's"})
# The word before a review's code ("Child X", "Baby AB", "Young Person C"): the last word of
# each prefix in the reviews vocabulary, so both components read names the same way.
REVIEW_VOCABULARY = "review_kinds.json"
NAME_PREFIX_WORDS = frozenset(prefix.split()[-1] for prefix in load_data(REVIEW_VOCABULARY)["name_prefixes"])
NOT_TITLE_HEADS = frozenset(load_data(REVIEW_VOCABULARY)["not_title_heads"])  # "the 'Keep Me Safe' strategy" names no review
BACK_DETERMINERS = frozenset({"this", "that", "these", "those", "the", "both", "each"})  # + a review word: "This review"
BACK_PRONOUNS = frozenset({"it", "they"})
BACK_REFERENCE_GAP = 2  # "The first review", "This second CSPR"
NAMED_REVIEW_WINDOW = 2  # sentences after the count in which the reviews may be named

COMPARISON_CUES = [("compared", "with"), ("compared", "to"), ("up", "from"), ("down", "from"), ("from",), ("against",), ("than",)]
SUBORDINATORS = frozenset({"since", "when", "after", "although", "following", "because", "while", "whilst", "once", "before", "as", "though"})
# A count stated as now ("currently includes 8 programmes") is not dated by a year told
# about something else in the sentence ("In 2019 the hub opened and it currently ...").
PRESENT_TIME_WORDS = frozenset({"currently", "now", "presently", "today", "nowadays"})
PRESENT_VERBS = frozenset({
    "is", "are", "has", "have", "includes", "include", "comprises", "comprise", "contains", "contain", "remains",
    "remain", "covers", "cover", "consists", "consist", "runs", "run", "provides", "provide", "supports", "support",
    "employs", "employ", "holds", "hold", "offers", "offer", "involves", "involve", "stands", "stand",
})
CLAUSE_JOINERS = frozenset({"and", "but", "which", "who", "where", "while", "whilst", "whereas", "so", ";"})

# --- labels --------------------------------------------------------------------------------

LABEL_MAX_TOKENS = 10
LABEL_STOP_WORDS = frozenset({
    "who", "which", "that", "where", "whose", "whom", "when", "while", "whilst", "because", "although", "though",
    "but", "so", "compared", "whereas", "than", "thus", "however",
})
LABEL_STOP_PUNCT = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "[", "]", "–", "—", '"', "“", "”", "...", "|"})
LABEL_TRIM = frozenset({
    "and", "or", "of", "to", "in", "for", "the", "a", "an", "from", "with", "by", "on", "at", "as", "is", "are",
    "was", "were", "has", "have", "had", "being", "been", "be", "during", "since", "over", "within", "across", "this",
    "these", "those", "its", "their", "our", "it",
})
LEADING_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "its", "their"})
COPULAS = frozenset({
    "is", "was", "are", "were", "be", "been", "totalled", "totaled", "totalling", "reached", "stood", "at", "of",
    "to", "by", "amounted", "remained", "rose", "fell", "increased", "decreased", "numbered", "totals", "total",
    "from", "risen", "fallen", "grown", "dropped", "went", "up", "down",
})
TIME_PREPOSITIONS = frozenset({"within", "over", "in", "during", "for", "after", "before", "since", "across", "throughout"})
PERIOD_PREPOSITIONS = frozenset({"in", "during", "since", "by", "between", "for", "throughout", "over", "from", "until", "of"})
RELATIVE_TIME_WORDS = frozenset({"this", "last", "next", "each", "every", "previous", "following", "that", "a", "per", "the"})
HALF_OF_TIME = frozenset({"first", "second", "last", "latter", "other", "the"})
LEADING_CONJUNCTIONS = frozenset({"and", "or", "but", "while", "whilst"})
PERIOD_FOLLOW_WINDOW = 6
LABEL_COLONS = frozenset({":", "–", "—", "-", "="})
PER_ITEM_WORDS = frozenset({"per", "each"})  # "£25 per delegate", "£250 each": the label names the item before
PRICE_VERBS = frozenset({"cost", "costs", "costing", "received", "receive", "receives", "paid", "priced", "awarded", "allocated", "given", "granted"})
PAREN_GAP = 2  # "120 referrals (15%)": the percent sits this close after its count's label
ROUND_DECIMALS = 6


@dataclass
class Quantity:
    """One number expression: token range (with qualifier and unit signs) and its reading."""

    start: int
    end: int
    core_start: int
    core_end: int
    value: float
    unit: str
    qualifier: str | None = None
    rate_end: int | None = None  # token after the "per 10,000 (children)" phrase
    comparison: bool = False
    label_span: tuple[int, int] | None = None
    fact: dict[str, Any] = field(default_factory=dict)


@Language.factory("statistics", default_config={"vocabulary": None})
def make_statistics(nlp: Language, name: str, vocabulary: str | None) -> StatisticsComponent:
    return StatisticsComponent(nlp, Path(vocabulary) if vocabulary else DEFAULT_VOCABULARY)


class StatisticsComponent:
    """Writes `doc.spans["statistics"]`, each span with `span._.fact` (value, unit, qualifier, label, metric, stat_period)."""

    def __init__(self, nlp: Language, vocabulary: Path = DEFAULT_VOCABULARY) -> None:
        self.vocab = nlp.vocab
        self.metrics = load_metrics(vocabulary)
        self.numbers = _number_matcher(nlp.vocab)
        self.exclusions = _exclusion_matcher(nlp.vocab)
        self.periods = period_matcher(nlp.vocab)
        self.label_phrases, self.context_phrases = _metric_matchers(nlp, self.metrics)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("SENT_START"):
            set_sentence_starts(doc, block_starts(doc))
        excluded = self.excluded_tokens(doc)
        profile = profile_tokens(doc)
        spans = []
        for sentence in doc.sents:
            quantities = self.sentence_quantities(doc, sentence, excluded, profile)
            for quantity in quantities:
                span = Span(doc, quantity.start, quantity.end, label=SPAN_LABEL)
                span._.fact = quantity.fact
                spans.append(span)
        doc.spans[SPAN_GROUP] = spans
        return doc

    # -- finding and excluding ------------------------------------------------------------

    def excluded_tokens(self, doc: Doc) -> set[int]:
        """Token indices that are numbers in a non-count use (date, age, reference, ...)."""
        excluded: set[int] = set()
        propagating: set[int] = set()
        for match_id, start, end in self.exclusions(doc):
            name = self.vocab.strings[match_id]
            numeric = {i for i in range(start, end) if _is_numeric(doc[i])}
            if name == "PER_BASE":  # only the base of "per 10,000"
                numeric = {i for i in range(start + 1, end) if _is_numeric(doc[i])}
            elif name in WHOLE_MATCH_EXCLUSIONS:
                numeric = set(range(start, end))
            elif name == FRACTION_PART_EXCLUSION:
                numeric = set(range(start + 1, end))
            if name == "PAGES" and end < len(doc) and doc[end].lower_ in PAGE_VIEW_WORDS:
                continue  # "1.2 million page views" counts visits, not pages
            excluded |= numeric
            if name in PROPAGATING:
                propagating |= numeric
        excluded |= {t.i for t in doc if _is_numeric(t) and (_is_year(doc, t) or _is_code(t))}
        excluded |= _numbering_tokens(doc)
        excluded |= _propagate(doc, propagating)
        return excluded

    def sentence_quantities(self, doc: Doc, sentence: Span, excluded: set[int], profile: set[int]) -> list[Quantity]:
        periods = [p for p in find_periods(self.periods, sentence) if p.label_ != SINGLE_YEAR or p.start in excluded]
        period_tokens = {i for p in periods for i in range(p.start, p.end)}
        quantities = []
        for core in self.number_cores(sentence):
            if core.label_ == "RATIO" and not _plausible_ratio(core, excluded):
                core = Span(doc, core.start, core.start + 1, label="WORDS" if doc[core.start].is_alpha else "DIGITS")
            if any(i in excluded or i in period_tokens for i in range(core.start, core.end)):
                continue
            quantity = read_quantity(doc, core, profile)
            if quantity is None or not self.is_statistic(doc, sentence, quantity):
                continue
            quantities.append(quantity)
        quantities = [q for q in quantities if not _bare_word_number(doc, sentence, q)]
        stops = {i for q in quantities for i in range(q.start, q.end)} | period_tokens
        rows = table_rows(doc, sentence) if quantities else None
        cell_periods: dict[tuple[int, int], list[Span]] = {}

        def periods_of(cell: Span) -> list[Span]:  # a row's cells are asked about once per number in it
            key = (cell.start, cell.end)
            if key not in cell_periods:
                cell_periods[key] = self.period_spans(cell)
            return cell_periods[key]

        for index, quantity in enumerate(quantities):
            if index and _compared_in_between(doc, quantities[index - 1], quantity):
                quantity.comparison = True  # "98 per 10,000 compared to the national average of 70"
            if quantity.comparison and index and quantity.unit == COUNT:
                quantity.unit = quantities[index - 1].unit  # "45.2 per 10,000, compared with 40.1"
            table = table_position(rows, quantity) if rows else None
            table_label = _table_label(doc, table, periods_of) if table else None
            label, quantity.label_span = describe(doc, sentence, quantity, quantities[:index], stops, excluded, table_label)
            quantity.fact = {
                "value": quantity.value,
                "unit": quantity.unit,
                "qualifier": quantity.qualifier,
                "label": label,
                "metric": self.metric(doc, sentence, quantity.label_span),
                "stat_period": (_table_period(table, periods_of) if table else None)
                or stat_period(doc, sentence, quantity, periods),
            }
        return quantities

    def period_spans(self, span: Span) -> list[Span]:
        return find_periods(self.periods, span)

    def number_cores(self, sentence: Span) -> list[Span]:
        doc = sentence.doc
        spans = [Span(doc, sentence.start + s, sentence.start + e, label=self.vocab.strings[m]) for m, s, e in self.numbers(sentence)]
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def is_statistic(self, doc: Doc, sentence: Span, quantity: Quantity) -> bool:
        """The sentence-level exclusions: names, listed items, structural counts, case subjects."""
        core = doc[quantity.core_start:quantity.core_end]
        first = core[0]
        if first.is_alpha and not _word_number_ok(doc, sentence, quantity):
            return False
        if _quoted(doc, sentence, quantity) or _case_subject(doc, sentence, quantity):
            return False
        if quantity.unit == COUNT and _name_number(doc, sentence, quantity):
            return False
        if quantity.unit == COUNT and quantity.value <= LIST_MAX:
            head = _head_words(doc, sentence, quantity.end)
            if any(t.lower_ in STRUCTURAL_NOUNS for t in head) or _statutory_partners(doc, sentence, quantity, head):
                return False
            if _anaphoric(doc, sentence, quantity, head):
                return False
            if _followed_by_list(doc, sentence, quantity) or _reviews_named_after(doc, sentence, quantity, head):
                return False
        return True

    # -- describing -----------------------------------------------------------------------

    def metric(self, doc: Doc, sentence: Span, label_span: tuple[int, int] | None) -> str | None:
        """The metrics.json key whose phrase names what the label counts (longest, then earliest)."""
        if label_span is None:
            return None
        start, end = label_span
        matches = [(m, s, e) for m, s, e in self.label_phrases(doc[start:end])]
        if matches:
            best = min(matches, key=lambda x: (-(x[2] - x[1]), x[1]))
            return self.vocab.strings[best[0]]
        heads = {t.lower_ for t in doc[start:end]}
        context = {self.vocab.strings[m] for m, _, _ in self.context_phrases(sentence)}
        for key, entry in self.metrics.items():
            if key in context and heads & {h.lower() for h in entry.get("heads", [])}:
                return key
        return None


def load_metrics(path: Path) -> dict[str, dict[str, Any]]:
    """metrics.json without its "_about" note."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _metric_matchers(nlp: Language, metrics: dict[str, dict[str, Any]]) -> tuple[PhraseMatcher, PhraseMatcher]:
    labels = PhraseMatcher(nlp.vocab, attr="LOWER")
    context = PhraseMatcher(nlp.vocab, attr="LOWER")
    for key, entry in metrics.items():
        labels.add(key, [nlp.make_doc(p) for p in entry.get("phrases", [])])
        if entry.get("context"):
            context.add(key, [nlp.make_doc(p) for p in entry["context"]])
    return labels, context


# --- matchers ------------------------------------------------------------------------------

def _number_matcher(vocab: Any) -> Matcher:
    digits = {"TEXT": {"REGEX": DIGITS_RE}}
    small = {"LOWER": {"IN": sorted(SMALL_NUMBERS)}}
    tens = {"LOWER": {"IN": sorted(TENS)}}
    scale = {"LOWER": {"IN": sorted(SCALE_WORDS)}}
    matcher = Matcher(vocab)
    matcher.add("DIGITS", [[digits], [digits, {"LOWER": {"IN": sorted(MONEY_SCALES)}}], [{"TEXT": {"REGEX": SCALED_MONEY_RE}}]], greedy="LONGEST")
    matcher.add(
        "WORDS",
        [
            [{"LOWER": {"IN": sorted(NUMBER_WORDS)}}],
            [tens, {"ORTH": "-", "OP": "?"}, small],
            [{"LOWER": {"IN": sorted(SMALL_NUMBERS) + ["a"]}}, scale],
            [{"LOWER": {"IN": sorted(SMALL_NUMBERS) + ["a"]}}, {"LOWER": "dozen"}],
            [tens, {"ORTH": "-", "OP": "?"}, small, scale],
        ],
        greedy="LONGEST",
    )
    matcher.add(
        "FRACTION",
        [
            [{"LOWER": {"IN": sorted(FRACTION_NUMERATORS)}}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": sorted(FRACTION_WORDS)}}],
            [{"LOWER": "half"}, {"LOWER": "of"}],
        ],
        greedy="LONGEST",
    )
    # "1 in 5", "one in five", "1 out of 10"
    ratio_number = {"TEXT": {"REGEX": DIGITS_RE + r"|^(?i:" + "|".join(sorted(SMALL_NUMBERS) + sorted(TENS)) + r")$"}}
    matcher.add(
        "RATIO",
        [
            [ratio_number, {"LOWER": "in"}, {"LOWER": "every", "OP": "?"}, ratio_number],
            [ratio_number, {"LOWER": "out"}, {"LOWER": "of"}, ratio_number],
        ],
        greedy="LONGEST",
    )
    return matcher


def _exclusion_matcher(vocab: Any) -> Matcher:
    num = {"TEXT": {"REGEX": DIGITS_RE}}
    any_num = {"TEXT": {"REGEX": DIGITS_RE + r"|^(" + "|".join(NUMBER_WORDS) + r")$"}}
    word_num = {"LOWER": {"IN": sorted(NUMBER_WORDS)}}
    hyphen = {"ORTH": "-", "OP": "?"}
    month = {"LOWER": {"IN": sorted(MONTHS)}, "IS_LOWER": False}
    day = {"TEXT": {"REGEX": r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
    time_unit = {"LOWER": {"IN": TIME_UNITS}}
    # "and a half", "-and-a-half": the hyphens of "six-and-a-half-year-old" are tokens of their own
    mixed = [hyphen, {"LOWER": "and"}, hyphen, {"LOWER": {"IN": MIXED_NUMERATORS}}, hyphen, {"LOWER": {"IN": MIXED_FRACTIONS}}]
    patterns: dict[str, list[list[dict[str, Any]]]] = {
        "DATE": [[day, {"LOWER": "of", "OP": "?"}, month], [month, day]],
        "RANGE": [
            [num, {"ORTH": {"IN": RANGE_DASHES}}, num],
            [num, {"TEXT": {"REGEX": r"^[-–—]\d+$"}}],
            [{"TEXT": {"REGEX": r"^\d+/\d+$"}}],
        ],
        "DURATION": [
            [num, hyphen, time_unit], [word_num, hyphen, time_unit],
            [num, {"LOWER": {"IN": DURATION_MODIFIERS}}, time_unit], [word_num, {"LOWER": {"IN": DURATION_MODIFIERS}}, time_unit],
            [num, {"IS_TITLE": True}, time_unit],
        ],
        "AGE": [
            [{"LOWER": {"IN": AGE_WORDS}}, {"LOWER": {"IN": ["of", "under", "over", "between", "from", "up"]}, "OP": "?"}, {"LOWER": "to", "OP": "?"}, any_num],
            [{"LOWER": {"IN": AGE_GROUPS}}, {"LOWER": {"IN": ["under", "over", "aged"]}}, any_num],
        ],
        "LABELLED": [
            [{"LOWER": {"IN": LABEL_NOUNS}}, {"ORTH": {"IN": [".", ":", "#"]}, "OP": "?"}, num],
            [{"TEXT": "Year"}, num],
            [{"LOWER": "key"}, {"LOWER": "stage"}, num],
        ],
        "NAMED": [[{"LOWER": {"IN": NUMBERED_NAMES}}, {"ORTH": {"IN": ["-", "–"]}, "OP": "?"}, num]],
        "MIXED_TIME": [[any_num, hyphen, *mixed, hyphen, time_unit]],
        "MIXED_AGE": [[{"LOWER": {"IN": AGE_WORDS}}, any_num, *mixed]],
        FRACTION_PART_EXCLUSION: [[any_num, *mixed]],
        "PHONE": [
            [{"TEXT": {"REGEX": r"^0\d{2,5}$"}}, {"TEXT": {"REGEX": r"^\d{3,8}$"}, "OP": "+"}],
            [{"TEXT": {"REGEX": r"^\+\d{1,3}$"}}, {"TEXT": {"REGEX": r"^\(?\d+\)?$"}, "OP": "+"}],
        ],
        "FILE": [[num, {"LOWER": {"IN": FILE_UNITS}}], [{"LOWER": {"IN": ["pdf", "docx", "doc", "word", "xlsx", "size"]}}, {"ORTH": {"IN": [",", ":"]}, "OP": "?"}, num]],
        "PAGES": [[any_num, hyphen, {"LOWER": {"IN": PAGE_UNITS}}]],
        "TOP": [[{"LOWER": "top"}, any_num]],
        "PER_BASE": [[{"LOWER": "per"}, num]],
        "PROFILE_BASE": [[{"LOWER": {"IN": ["had", "of", "were", "was", "has", "have"]}}, {"ORTH": "100"}, {"LOWER": {"IN": PROFILE_NOUNS}}]],
        "CLOCK": [[num, {"LOWER": {"IN": CLOCK_WORDS}}], [num, {"ORTH": ":"}, num]],
        # "COVID-19", "Catch-22", "a 10-point plan": a number fused into a word by a hyphen
        "COMPOUND": [
            [{"IS_ALPHA": True, "SPACY": False}, {"ORTH": "-", "SPACY": False}, num],
            [num, {"ORTH": "-", "SPACY": False}, {"IS_ALPHA": True}],
        ],
    }
    matcher = Matcher(vocab)
    for name, pattern_list in patterns.items():
        matcher.add(name, pattern_list)
    return matcher


# --- token tests ---------------------------------------------------------------------------

def _is_numeric(token: Token) -> bool:
    return bool(re.match(DIGITS_RE, token.text)) or token.lower_ in NUMBER_WORDS or bool(re.match(r"^\d+/\d+$", token.text))


def _is_year(doc: Doc, token: Token) -> bool:
    """A plain four-digit number in the years' range, unless it is plainly counting something ("2000 children")."""
    if not re.match(r"^\d{4}$", token.text) or not YEAR_MIN <= int(token.text) <= YEAR_MAX:
        return False
    previous = doc[token.i - 1] if token.i > 0 else None
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if previous is not None and (previous.lower_ in YEAR_PRECEDERS or previous.is_title or previous.lower_ in MONTHS):
        return True
    return not _counted_noun(following)


def _counted_noun(token: Token | None) -> bool:
    """A lower-case plural right after a number ("2000 children"), which makes it a count."""
    return token is not None and token.is_lower and _plural_noun(token)


def _is_code(token: Token) -> bool:
    """Digits with a leading zero ("0151", "01905") are phone numbers or codes, not counts."""
    return bool(re.match(r"^0\d", token.text))


def _numbering_tokens(doc: Doc) -> set[int]:
    """Paragraph numbers: a number opening a block and followed by "." / ")", or a decimal
    ("3.1 The partners ...") or, in a heading, any number ("3 Background") before a capital."""
    found = set()
    for kind, start_char, end_char, _page in doc._.blocks or []:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) < 2:
            continue
        token, following = span[0], span[1]
        if not re.match(DIGITS_RE, token.text):
            continue
        decimal = "." in token.text and "," not in token.text
        capitalised = following.text[:1].isupper() and following.is_alpha
        if following.text in {".", ")"} or (capitalised and (decimal or kind == "heading")):
            found.add(token.i)
    return found


def _propagate(doc: Doc, seeds: set[int]) -> set[int]:
    """Numbers joined to an excluded reference number ("Section 11 and 175", "aged 10 to 17")."""
    found = set(seeds)
    changed = True
    while changed:
        changed = False
        for i in list(found):
            for step in (-2, 2):
                j, between = i + step, i + step // 2
                if 0 <= j < len(doc) and j not in found and _is_numeric(doc[j]) and doc[between].lower_ in NUMBER_CONNECTORS:
                    found.add(j)
                    changed = True
    return found


def profile_tokens(doc: Doc) -> set[int]:
    """Numbers in an "If <area> had 100 children" profile: each clause "49 would be girls".

    The profile runs from the sentence naming it through the following sentences that open
    with a number (or a qualifier and a number); a clause is a number at the start of one of
    those sentences or after "and"/","/";" in them.
    """
    found: set[int] = set()
    sentences = list(doc.sents)
    for index, sentence in enumerate(sentences):
        if not _names_profile(sentence):
            continue
        base = next(t.i for t in sentence if t.text == "100")
        found |= _clause_numbers(doc, doc[base + 1:sentence.end])
        for following in sentences[index + 1:]:
            if following[0].is_space:
                continue
            clause = _clause_numbers(doc, following)
            if not clause or min(clause) > _first_word(following) + 2:
                break
            found |= clause
    return found


def _names_profile(sentence: Span) -> bool:
    lower = [t.lower_ for t in sentence]
    if "if" not in lower or "100" not in lower:
        return False
    i = lower.index("100")
    return i + 1 < len(lower) and lower[i + 1] in PROFILE_NOUNS and lower.index("if") < i


def _first_word(sentence: Span) -> int:
    return next((t.i for t in sentence if not t.is_space), sentence.start)


def _clause_numbers(doc: Doc, span: Span) -> set[int]:
    found = set()
    for token in span:
        if not re.match(DIGITS_RE, token.text):
            continue
        j = token.i - 1
        while j >= span.start and _qualifier_word(doc[j]):
            j -= 1
        opens_clause = j < span.start or doc[j].lower_ in {"and", "while", "whilst"} or doc[j].is_punct or doc[j].is_space
        next_word = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if opens_clause and next_word not in {"%", "per"}:
            found.add(token.i)
    return found


def _qualifier_word(token: Token) -> bool:
    return any(token.lower_ in words for words, _ in QUALIFIERS)


# --- reading a quantity --------------------------------------------------------------------

def read_quantity(doc: Doc, core: Span, profile: set[int]) -> Quantity | None:
    """Value, unit and qualifier of a number expression; None when it has no usable unit."""
    start, end = core.start, core.end
    unit = COUNT
    value = _core_value(core)
    if value is None:
        return None
    if core.label_ == "FRACTION":
        unit, value = FRACTION, round(value, FRACTION_DIGITS)
        if core[-1].lower_ == "of":  # "half of": the span is "half"; "of" introduces the label
            end -= 1
    elif core.label_ == "RATIO":
        unit = FRACTION
    unsigned_scale = core.label_ == "DIGITS" and core[-1].lower_ in MONEY_SCALES and (start == 0 or doc[start - 1].text != "£")
    if unsigned_scale and core[-1].lower_ not in SCALE_WORDS:
        end -= 1
        value = _core_value(doc[start:end]) or value
    if start > 0 and doc[start - 1].text in {"£", "GBP"}:
        unit, start = GBP, start - 1
    elif core.label_ == "DIGITS" and re.match(SCALED_MONEY_RE, core[0].text):
        return None  # "300k" without "£" is not money we can be sure of
    if unit in (COUNT,) and end < len(doc):
        percent_end = _percent_end(doc, end)
        if percent_end:
            unit, end = PERCENT, percent_end
    quantity = Quantity(start, end, core.start, core.end, value, unit)
    if not _apply_rate(doc, quantity):
        return None
    if quantity.unit == COUNT and core.start in profile:
        quantity.unit = PER_100
    quantity.qualifier, quantity.start = _qualifier(doc, quantity.start)
    quantity.comparison = _is_comparison(doc, quantity.start)
    quantity.value = round(float(quantity.value), ROUND_DECIMALS)
    return quantity


def _core_value(core: Span) -> float | None:
    if core.label_ == "FRACTION":
        if core[-1].lower_ == "of":
            return FRACTION_WORDS["half"]
        numerator = FRACTION_NUMERATORS.get(core[0].lower_, 1)
        return numerator * FRACTION_WORDS[core[-1].lower_]
    if core.label_ == "RATIO":
        numbers = [_token_value(t) for t in core if _is_numeric(t)]
        return numbers[0] / numbers[1] if len(numbers) == 2 and numbers[0] is not None and numbers[1] else None
    first = core[0].text
    scaled = re.match(SCALED_MONEY_RE, first, re.IGNORECASE)
    if scaled:
        return float(first[: scaled.start(2)]) * MONEY_SCALES[scaled.group(2).lower()]
    if re.match(DIGITS_RE, first):
        value = _digits_value(first)
        if len(core) > 1 and core[-1].lower_ in MONEY_SCALES:
            value *= MONEY_SCALES[core[-1].lower_]
        return value
    return _words_value([t.lower_ for t in core if t.text != "-"])


def _digits_value(text: str) -> float:
    return float(text.replace(",", ""))


def _words_value(words: list[str]) -> float | None:
    total, current = 0.0, 0.0
    for word in words:
        if word == "a":
            current = 1
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in SCALE_WORDS:
            current = (current or 1) * SCALE_WORDS[word]
            if SCALE_WORDS[word] >= 1000:
                total, current = total + current, 0
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        else:
            return None
    return total + current


def _percent_end(doc: Doc, end: int) -> int | None:
    if doc[end].text == "%" or doc[end].lower_ in PERCENT_WORDS:
        return end + 1
    if doc[end].lower_ == "per" and end + 1 < len(doc) and doc[end + 1].lower_ == "cent":
        return end + 2
    return None


def _apply_rate(doc: Doc, quantity: Quantity) -> bool:
    """"45.2 per 10,000 children": the base makes the unit. False for a base with no unit."""
    end = quantity.end
    if end + 1 >= len(doc) or doc[end].lower_ != "per" or not re.match(DIGITS_RE, doc[end + 1].text):
        return True
    base = _digits_value(doc[end + 1].text)
    if base not in RATE_BASES:
        return False
    quantity.unit = RATE_BASES[int(base)]
    quantity.end = end + 2
    rate_end = end + 2
    if rate_end < len(doc) and doc[rate_end].lower_ in PROFILE_NOUNS + ["population", "under", "aged"]:
        rate_end += 1
    quantity.rate_end = rate_end
    return True


def _qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """The qualifier right before the number ("over", "fewer than"), canonicalised."""
    for words, canonical in QUALIFIERS:
        begin = start - len(words)
        if begin < 0 or tuple(t.lower_ for t in doc[begin:start]) != words:
            continue
        if words[0] in LOOSE_QUALIFIERS and begin > 0 and doc[begin - 1].lower_ not in LOOSE_QUALIFIER_PRECEDERS:
            continue
        return canonical, begin
    return None, start


COMPARISON_WORDS = frozenset({"compared", "compares", "versus", "vs", "against"})


def _compared_in_between(doc: Doc, previous: Quantity, quantity: Quantity) -> bool:
    between = doc[previous.end:quantity.start]
    return any(t.lower_ in COMPARISON_WORDS for t in between) and not any(t.text in {";", ".", ":"} for t in between)


def _is_comparison(doc: Doc, start: int) -> bool:
    for cue in COMPARISON_CUES:
        begin = start - len(cue)
        if begin >= 0 and tuple(t.lower_ for t in doc[begin:start]) == cue:
            return True
    return False


# --- sentence-level exclusions -------------------------------------------------------------

def _word_number_ok(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """Number words are statistics unless they are names, vague plurals or the pronoun "one"."""
    core = doc[quantity.core_start:quantity.core_end]
    first = core[0]
    if quantity.unit == FRACTION:
        previous = doc[quantity.core_start - 1].lower_ if quantity.core_start > sentence.start else ""
        return previous not in HALF_OF_TIME  # "the first half of 2023" is a period

    if first.is_title and first.i != _first_word(sentence) and first.lower_ != "a":
        return False  # "The Three Counties", "Five Year Forward View"
    if core[-1].lower_ in SCALE_WORDS and len(core) == 1:
        return False  # "hundreds of callers", "thousand" alone has no definite value
    if core.text.lower() == "one":
        return _one_counts_a_noun(doc, sentence, quantity)
    return True


def _one_counts_a_noun(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """"one rapid review" counts; "one of the", "no one", "each one", "the one who", "one
    another", "the one making the referral" use "one" as a pronoun.

    The counted noun must head the phrase right after "one": only modifiers may come between
    (a determiner, preposition or other function word means the noun belongs to another phrase).
    """
    start = quantity.core_start
    if start > sentence.start and doc[start - 1].lower_ in PRONOUN_ONE_PRECEDERS:
        following = doc[quantity.core_end] if quantity.core_end < sentence.end else None
        if following is None or following.lower_ not in ONE_NOUNS:
            return False  # "the one who", "each one"; but "the one review published" counts
    following = quantity.core_end
    if following >= sentence.end or doc[following].text == "-" or doc[following].lower_ == "of":
        return False  # "one-stop", "one of the"
    words = 0
    for token in doc[following:sentence.end]:
        if token.text == "-":
            continue  # "one multi-agency audit": hyphens are not words
        if token.lower_ in ONE_NOUNS:
            return True
        words += 1
        if words >= ONE_NOUN_WINDOW or token.lower_ in LABEL_TRIM or token.lower_ in LABEL_STOP_WORDS or not token.is_alpha:
            return False
    return False


QUOTE_OPENING = frozenset({"'", "‘", "“", '"'})
QUOTE_CLOSING = frozenset({"'", "’", "”", '"'})
QUOTED_NAME_MAX = 4  # tokens between the quotes


def _bare_word_number(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """A number word must count a plural noun; otherwise it is a pronoun ("the statutory three",
    "all three agreed"). Digits are kept: their label can come from before ("The total was 372")."""
    if quantity.unit != COUNT or not doc[quantity.core_start].is_alpha or quantity.value == 1:
        return False
    return not any(_plural_noun(t) for t in _head_words(doc, sentence, quantity.end))


def _plural_noun(token: Token) -> bool:
    """Without a tagger: a word that looks like a plural noun ("hubs", "reviews", "children")."""
    lower = token.lower_
    if not token.is_alpha or lower in FUNCTION_WORDS:
        return False
    return lower in IRREGULAR_PLURALS or (lower.endswith("s") and not lower.endswith("ss"))


def _quoted(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """A number inside a short quoted name ("'top 20'", "“100 Days of Safeguarding”")."""
    opening = [t.i for t in doc[max(sentence.start, quantity.start - QUOTED_NAME_MAX):quantity.start] if t.text in QUOTE_OPENING]
    closing = [t.i for t in doc[quantity.end:min(sentence.end, quantity.end + QUOTED_NAME_MAX)] if t.text in QUOTE_CLOSING]
    return bool(opening and closing) and closing[0] - opening[-1] - 1 <= QUOTED_NAME_MAX


def _case_subject(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """"a CSPR about three adopted siblings": the people of one case, not a count of work."""
    start = quantity.start
    if start <= sentence.start or doc[start - 1].lower_ not in CASE_PREPOSITIONS:
        return False
    window = [t.lower_ for t in doc[max(sentence.start, start - 1 - CASE_WINDOW):start - 1]]
    if doc[start - 1].lower_ == "of":  # "the case of two brothers", "the deaths of two children"
        return any(w in CASE_OF_WORDS for w in window[-2:])
    return any(w in CASE_WORDS for w in window)


def _plausible_ratio(core: Span, excluded: set[int]) -> bool:
    """"1 in 5", "one in five" are ratios; "300 in 2023" is a count followed by a year."""
    numbers = [t for t in core if _is_numeric(t)]
    if len(numbers) != 2 or any(t.i in excluded for t in numbers):
        return False
    first, second = (_token_value(t) for t in numbers)
    return first is not None and second is not None and 0 < first < second


def _token_value(token: Token) -> float | None:
    """The value of a single digits or number-word token."""
    if re.match(DIGITS_RE, token.text):
        return _digits_value(token.text)
    return NUMBER_WORDS.get(token.lower_)


def _head_words(doc: Doc, sentence: Span, end: int) -> list[Token]:
    """The words of the noun phrase after a number, up to the first preposition or boundary."""
    words = []
    for token in doc[end:min(sentence.end, end + LABEL_MAX_TOKENS)]:
        if not token.is_alpha and token.text != "-":
            break
        if token.lower_ in LABEL_TRIM or token.lower_ in LABEL_STOP_WORDS:
            break
        words.append(token)
    return [w for w in words if w.text != "-"]


def _statutory_partners(doc: Doc, sentence: Span, quantity: Quantity, head: list[Token]) -> bool:
    """"our three statutory partners", "the three WSCP lead Partners", "the 3 safeguarding partners".

    The noun phrase ends in "partner(s)" (or "partner agencies"); the count is the statutory
    arrangement when a word such as "statutory"/"lead" says so, or when a definite determiner
    presents the partners as already known ("the three partners") and nothing marks them as
    newcomers ("three new partner agencies joined" is a count of members).
    """
    if quantity.value > STATUTORY_PARTNERS_MAX:
        return False
    lower = [t.lower_ for t in head]
    noun = next((i for i, word in enumerate(lower) if word in PARTNER_WORDS), None)
    if noun is None or (lower[noun] == "partner" and not set(lower[noun + 1:noun + 2]) & PARTNER_BODY_WORDS):
        return False
    modifiers = set(lower[:noun])
    if modifiers & NEW_MEMBER_WORDS:
        return False
    if modifiers & STATUTORY_PARTNER_WORDS:
        return True
    return quantity.start > sentence.start and doc[quantity.start - 1].lower_ in DEFINITE_DETERMINERS


def _anaphoric(doc: Doc, sentence: Span, quantity: Quantity, head: list[Token]) -> bool:
    """"these three cases", "the two exemplars quoted above", "the four areas listed below".

    A small count whose noun phrase points back or forward to items the text gives: after
    "these"/"those"/"the following", or with "above"/"below" used as an adverb after the noun
    ("quoted above", not "above the threshold").
    """
    if quantity.start > sentence.start and doc[quantity.start - 1].lower_ in ANAPHORIC_DETERMINERS:
        return True
    noun = [t for t in head if t.lower_ not in POINTER_LINKS and t.lower_ not in ANAPHORIC_POINTERS]
    if not noun or noun[0].i != head[0].i:
        return False
    i = next((t.i for t in head if t.lower_ in POINTER_LINKS or t.lower_ in ANAPHORIC_POINTERS), head[-1].i + 1)
    for j in range(i, min(sentence.end, i + POINTER_WINDOW + 1)):
        word = doc[j].lower_
        if word in ANAPHORIC_POINTERS:
            following = doc[j + 1] if j + 1 < sentence.end else None
            return following is None or not (following.lower_ in POINTER_OBJECTS or _is_numeric(following))
        if word not in POINTER_LINKS:
            return False
    return False


def _name_number(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """"Graded Care Profile (2)", "Signs of Safety 2", "GCP 2": a version number after a name.

    A small whole number right after a capitalised word that is not a plural (labels in
    infographics count plurals: "Referrals 34"), in prose (some lower-case word in the
    sentence: a line that is only "Domestic Abuse 12" is an infographic label and its figure),
    not itself followed by what it counts or a unit, and not one of several such pairs (a
    breakdown: "Police (45), Health (30), Schools (12)").
    """
    core = doc[quantity.core_start:quantity.core_end]
    if len(core) != 1 or not core[0].text.isdigit() or quantity.value > NAME_NUMBER_MAX:
        return False
    if _named_number_at(doc, sentence, core.start) is None:
        return False
    names = (_named_number_at(doc, sentence, t.i) for t in sentence if t.text.isdigit())
    pairs = {name.lower_ for name in names if name is not None}
    if len(pairs) > 1:
        return False
    return any(t.is_lower and t.is_alpha and len(t) > 1 for t in sentence)


def _named_number_at(doc: Doc, sentence: Span, i: int) -> Token | None:
    """The capitalised name word a number at `i` directly follows ("Safety 2", "Profile (2)"), if any."""
    bracketed = i - 1 >= sentence.start and doc[i - 1].text == "(" and i + 1 < sentence.end and doc[i + 1].text == ")"
    name_index = i - 2 if bracketed else i - 1
    after = i + 2 if bracketed else i + 1
    if name_index < sentence.start:
        return None
    name = doc[name_index]
    if not (name.is_alpha and len(name) > 1 and (name.is_title or name.is_upper)) or name.is_stop:
        return None
    if name_index == _first_word(sentence) and not name.is_upper:
        return None  # "Overall 12 were referred", "Additionally 15 ...": a capital only because it opens the sentence
    if name.lower_ in MONTHS or name.lower_ in NUMBER_WORDS or _plural_noun(name) or (not bracketed and not name.whitespace_):
        return None
    if after < sentence.end:
        following = doc[after]
        if following.lower_ in UNIT_FOLLOWERS or _counted_noun(following) or following.text == "(":
            return None
    return name


def _reviews_named_after(doc: Doc, sentence: Span, quantity: Quantity, head: list[Token]) -> bool:
    """"published one Child Safeguarding Practice Review this year. This review ... 'Ruby'".

    A count of reviews is a count of listed items when the reviews are then named: later in
    the same sentence, or in the next sentences when they open by referring back to them
    ("This review", "These reviews", "It"). Counts of reviews that stay unnamed ("These
    reviews are ongoing") are statistics.
    """
    if not any(t.lower_ in REVIEW_COUNT_WORDS for t in head):
        return False
    end = head[-1].i + 1
    if _names_review(doc, doc[end:sentence.end]):
        return True
    following = sentence
    for _ in range(NAMED_REVIEW_WINDOW):
        if following.end >= len(doc):
            return False
        following = doc[following.end].sent
        if not _refers_back_to_reviews(doc, following):
            return False
        if _names_review(doc, following):
            return True
    return False


def _refers_back_to_reviews(doc: Doc, sentence: Span) -> bool:
    """The sentence opens by referring back: "This review", "These reviews", "The first CSPR", "It", "They"."""
    first = _first_word(sentence)
    word = doc[first].lower_
    if word in BACK_PRONOUNS:
        return True
    window = doc[first + 1:min(sentence.end, first + 2 + BACK_REFERENCE_GAP)]
    return word in BACK_DETERMINERS and any(t.lower_ in REVIEW_COUNT_WORDS for t in window)


def _names_review(doc: Doc, span: Span) -> bool:
    """A review name in the genre's forms: a quoted capitalised title ("'Ruby'") or a prefix
    and a code ("Child X", "Baby AB", "Young Person C")."""
    for token in span:
        i = token.i
        if token.text in QUOTE_OPENING and i + 1 < span.end and doc[i + 1].is_title:
            close = next((t.i for t in doc[i + 2:min(span.end, i + 2 + QUOTED_NAME_MAX)] if t.text in QUOTE_CLOSING), None)
            if close is not None and not (close + 1 < len(doc) and doc[close + 1].lower_ in NOT_TITLE_HEADS):
                return True  # not "the 'Safer Sleep' campaign"
        if token.lower_ in NAME_PREFIX_WORDS and i + 1 < span.end and re.match(CODE_PATTERN, doc[i + 1].text):
            return True
    return False


def _followed_by_list(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """"two reviews (CSPR's), Leo and Ava", "three partners – the Local Authority, Police and ...".

    After the counted noun phrase comes a list introducer and then at least two capitalised
    items: the count just announces a list, so the list (not the number) carries the facts.
    """
    head = _head_words(doc, sentence, quantity.end)
    i = head[-1].i + 1 if head else quantity.end
    if i >= sentence.end or doc[i].lower_ not in LIST_INTRODUCERS:
        return False
    rest = doc[i + 1:sentence.end]
    items, current = 0, []
    for token in rest:
        if token.text in {",", ";", "(", ")", "–", "—"} or token.lower_ in {"and", "or"}:
            items += _capitalised_item(current)
            current = []
        else:
            current.append(token)
    items += _capitalised_item(current)
    return items >= 2


def _capitalised_item(tokens: list[Token]) -> int:
    words = [t for t in tokens if t.is_alpha and t.lower_ not in LEADING_DETERMINERS]
    return int(bool(words) and (words[0].is_title or words[0].is_upper) and len(words) <= LABEL_MAX_TOKENS)


# --- labels, metric, period ----------------------------------------------------------------

def describe(
    doc: Doc, sentence: Span, quantity: Quantity, earlier: list[Quantity], stops: set[int], excluded: set[int],
    table_label: tuple[int, int] | None = None,
) -> tuple[str | None, tuple[int, int] | None]:
    """The label text and its token range.

    In order: a table's row or column heading; the words after the number; the label of the
    previous statistic for "N (X%)" and "compared with N"; the subject before "is/was/fell
    from" or a colon ("Contacts: 14,523"); the caption block next to a figure printed on its
    own (infographics).
    """
    if table_label is not None:
        return _text(doc, *table_label), table_label
    if quantity.comparison and earlier:
        return earlier[-1].fact.get("label"), earlier[-1].label_span
    span = _label_after(doc, sentence, quantity, stops, excluded)
    if span is None and earlier and _close_after(quantity, earlier[-1]):
        return earlier[-1].fact.get("label"), earlier[-1].label_span
    money_preposition = span is not None and quantity.unit == GBP and _starts_with_preposition(doc, span)
    per_item = money_preposition and doc[span[0]].lower_ in PER_ITEM_WORDS  # "£25 per delegate", "£250 each"
    verbs = COPULAS | PRICE_VERBS if per_item else COPULAS
    before = _label_before(doc, sentence, quantity, stops, verbs) if span is None or money_preposition else None
    if before is not None:
        if per_item:
            return f"{_text(doc, *before)} {_text(doc, *span)}", before
        span = before
    if span is None:
        span = _caption_label(doc, sentence, quantity)
    if span is None:
        return None, None
    return _text(doc, *span), span


CAPTION_MAX_TOKENS = 8  # a short block next to a lone figure is its caption


INFOGRAPHIC_RUN_MAX = 40  # sentences walked back through a run of figures and captions


def _caption_label(doc: Doc, sentence: Span, quantity: Quantity) -> tuple[int, int] | None:
    """Infographics print "43,000" in one block and "visits to our website" in the next (or
    "Referrals" above "3,456").

    With a caption on both sides, the layout of the whole run decides: a run of alternating
    figures and captions that opens with a caption puts each label before its figure, one that
    opens with a figure puts it after.
    """
    alone = all(t.is_space or t.is_punct or quantity.start <= t.i < quantity.end for t in sentence)
    if not alone:
        return None
    after = doc[sentence.end].sent if sentence.end < len(doc) else None
    before = doc[sentence.start - 1].sent if sentence.start > 0 else None
    after_words = _caption_words(after)
    before_words = _caption_words(before)
    if after_words and before_words:
        words = before_words if _run_opens_with_caption(doc, sentence) else after_words
    else:
        words = after_words or before_words
    if not words:
        return None
    return _trimmed(doc, words[0].i, words[-1].i + (0 if words[-1].is_punct else 1))


def _caption_words(sentence: Span | None) -> list[Token]:
    """The words of a short all-word sentence (a caption), or [] if it is not one."""
    if sentence is None:
        return []
    words = [t for t in sentence if not t.is_space]
    if words and len(words) <= CAPTION_MAX_TOKENS and all(t.is_alpha or t.is_punct for t in words) and any(t.is_alpha for t in words):
        return words
    return []


def _in_heading(doc: Doc, sentence: Span) -> bool:
    block = block_of(doc_blocks(doc), sentence.start)
    return block is not None and block.kind == HEADING_KIND


def _lone_figure(sentence: Span) -> bool:
    """A sentence that is only a figure ("3,456", "£1.2m", "45%")."""
    words = [t for t in sentence if not t.is_space]
    return bool(words) and any(t.like_num for t in words) and all(t.like_num or t.is_punct or t.text in {"£", "%"} or t.lower_ in MONEY_SCALES for t in words)


def _run_opens_with_caption(doc: Doc, sentence: Span) -> bool:
    """Walk back over figure/caption pairs to the start of the run and see which comes first."""
    current = sentence
    for _ in range(INFOGRAPHIC_RUN_MAX):
        if current.start == 0:
            return False
        caption = doc[current.start - 1].sent
        if not _caption_words(caption) or _in_heading(doc, caption):
            return False  # a heading above the run ("Our year in numbers") is not a figure's label
        if caption.start == 0:
            return True
        figure = doc[caption.start - 1].sent
        if not _lone_figure(figure):
            return True
        current = figure
    return False


def _close_after(quantity: Quantity, previous: Quantity) -> bool:
    """Right after the previous statistic or its label: "120 referrals (15%)", "212 allegations, 45% of which"."""
    anchors = [previous.end] + ([previous.label_span[1]] if previous.label_span else [])
    return any(0 <= quantity.start - anchor <= PAREN_GAP for anchor in anchors)


def _label_after(doc: Doc, sentence: Span, quantity: Quantity, stops: set[int], excluded: set[int]) -> tuple[int, int] | None:
    """The words after the number up to the next clause boundary, other number or period."""
    i = quantity.rate_end or quantity.end
    i = _skip_parenthetical(doc, sentence, i, stops)
    if quantity.unit in (PERCENT, FRACTION) and i < sentence.end and doc[i].lower_ == "of":
        i += 1
    start = i
    while i < sentence.end and i - start < LABEL_MAX_TOKENS:
        token = doc[i]
        if i in stops or token.is_space or token.text in LABEL_STOP_PUNCT or token.lower_ in LABEL_STOP_WORDS:
            break
        if token.text == "-" and (token.whitespace_ or doc[i - 1].whitespace_):
            break
        following = i + 1 < sentence.end
        if token.lower_ in NUMBER_CONNECTORS | PERIOD_PREPOSITIONS and following and _starts_quantity(doc, i + 1, stops):
            break
        if token.lower_ in TIME_PREPOSITIONS and following and (i + 1 in excluded or _relative_time(doc, i + 1, sentence.end)):
            break  # "re-referrals within 12 months", "referrals over the last year"
        if _relative_time(doc, i, sentence.end):
            break  # "£1.5m this year", "40.1 the year before"
        i += 1
    return _trimmed(doc, start, i)


def _skip_parenthetical(doc: Doc, sentence: Span, i: int, stops: set[int]) -> int:
    """"3,456 (24%) progressed to referral": the label continues after the bracketed figure."""
    if i >= sentence.end or doc[i].text != "(":
        return i
    j = i + 1
    while j < sentence.end and j - i <= PAREN_GAP + 2 and doc[j].text != ")":
        if j not in stops:
            return i
        j += 1
    return j + 1 if j < sentence.end and doc[j].text == ")" else i


def _relative_time(doc: Doc, i: int, end: int) -> bool:
    """"this year", "the previous year", "each month": a time phrase, never what is counted."""
    if doc[i].lower_ not in RELATIVE_TIME_WORDS:
        return False
    j = i + 1
    if j < end and doc[j].lower_ in {"previous", "following", "last", "same", "current", "past"}:
        j += 1
    return j < end and doc[j].lower_ in TIME_UNITS


def _starts_quantity(doc: Doc, i: int, stops: set[int]) -> bool:
    j = i
    while j < len(doc) and _qualifier_word(doc[j]) and j - i < 3:
        j += 1
    return j in stops


def _label_before(
    doc: Doc, sentence: Span, quantity: Quantity, stops: set[int], verbs: frozenset[str] = COPULAS
) -> tuple[int, int] | None:
    """The subject before the verb: "The annual budget for the WSCP is approximately £300,000",
    "The number of children on a plan fell from 412 to 372".

    Only after a linking or change verb ("is", "was", "fell from", "rose to"; for money per
    item also "cost", "received": "Places cost £250 each"): elsewhere the words before a number
    are not what it counts.
    """
    end = quantity.start
    while end > sentence.start and (doc[end - 1].lower_ in verbs or end - 1 in stops or _qualifier_word(doc[end - 1])):
        end -= 1
    if end == quantity.start and end > sentence.start and doc[end - 1].text in LABEL_COLONS:
        end -= 1  # "Contacts: 14,523", "Referrals – 3,456"
    elif end == quantity.start:
        return None
    start = end
    while start > sentence.start and doc[start - 1].text not in LABEL_STOP_PUNCT and not doc[start - 1].is_space and start - 1 not in stops:
        start -= 1
    while start < end and doc[start].lower_ in LEADING_DETERMINERS:
        start += 1
    if end - start > LABEL_MAX_TOKENS:
        start = end - LABEL_MAX_TOKENS
    return _trimmed(doc, start, end)


TABLE_CELL_SEPARATOR = "|"


@dataclass
class TablePosition:
    """Where a number sits in a table block: its row's cells, the header row's cells, its column."""

    row: list[Span]
    header: list[Span] | None
    column: int


def table_rows(doc: Doc, sentence: Span) -> tuple[list[Span], list[Span] | None] | None:
    """A table row's cells and its table's header cells (None for the header row itself).
    Table rows are "cell | cell | cell" lines (the parsers' format); None outside a table."""
    if not any(t.text == TABLE_CELL_SEPARATOR for t in sentence):
        return None
    block = _block_of(doc, sentence.start)
    header_row = next(iter(doc[block[0]:block[1]].sents), None) if block else None
    header = _cells(header_row) if header_row is not None and header_row.start != sentence.start else None
    return _cells(sentence), header


def table_position(rows: tuple[list[Span], list[Span] | None], quantity: Quantity) -> TablePosition:
    """Where a number sits in its table row (`table_rows`)."""
    row, header = rows
    column = next((i for i, cell in enumerate(row) if cell.start <= quantity.start < max(cell.end, cell.start + 1)), 0)
    return TablePosition(row, header, column)


def _table_label(doc: Doc, position: TablePosition, is_period: Any) -> tuple[int, int] | None:
    """The row's first cell ("Contacts | 14,523"), or the column heading when rows are periods
    ("Year | Contacts" over "2022-23 | 14,523")."""
    first = position.row[0]
    if position.column > 0 and _wordy(first) and not is_period(first):
        return _trimmed(doc, first.start, first.end)
    if position.header and position.column < len(position.header) and _wordy(position.header[position.column]):
        cell = position.header[position.column]
        return _trimmed(doc, cell.start, cell.end)
    return None


def _table_period(position: TablePosition, periods_of: Any) -> str | None:
    """The column heading when it is a period ("2022-23"), else a period in the row's first cell."""
    cells = []
    if position.header and position.column < len(position.header):
        cells.append(position.header[position.column])
    if position.column > 0:
        cells.append(position.row[0])
    for cell in cells:
        found = periods_of(cell)
        if found:
            return found[0].text
    return None


def _wordy(cell: Span) -> bool:
    return any(t.is_alpha for t in cell)


def _cells(row: Span) -> list[Span]:
    cells, start = [], row.start
    for token in row:
        if token.text == TABLE_CELL_SEPARATOR:
            cells.append(row.doc[start:token.i])
            start = token.i + 1
    cells.append(row.doc[start:row.end])
    return [_strip_space(cell) for cell in cells]


def _strip_space(cell: Span) -> Span:
    start, end = cell.start, cell.end
    while end > start and cell.doc[end - 1].is_space:
        end -= 1
    return cell.doc[start:end]


def _block_of(doc: Doc, token_index: int) -> tuple[int, int] | None:
    """Token range of the block holding a token."""
    char = doc[token_index].idx
    for _kind, start, end, _page in doc._.blocks or []:
        if start <= char < end:
            span = doc.char_span(start, end, alignment_mode="expand")
            return (span.start, span.end) if span is not None else None
    return None


def _starts_with_preposition(doc: Doc, span: tuple[int, int]) -> bool:
    return doc[span[0]].lower_ in PERIOD_PREPOSITIONS | PER_ITEM_WORDS | {"to", "from", "on", "at", "with"}


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while end > start and (doc[end - 1].lower_ in LABEL_TRIM or doc[end - 1].text in {"-", "'s", "’s"} or doc[end - 1].lower_ in COPULAS):
        end -= 1
    while start < end and (doc[start].text in {"-", "'", "’"} or doc[start].lower_ in LEADING_CONJUNCTIONS):
        start += 1
    return (start, end) if end > start else None


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text.strip()


def stat_period(doc: Doc, sentence: Span, quantity: Quantity, periods: list[Span]) -> str | None:
    """The period the sentence gives for the number, as written ("23/24", "since September 2022").

    The nearest period before the number counts, unless it sits inside an opening subordinate
    clause ("Since the inspection in 2016, ..." dates the inspection, not the count); failing
    that, a period right after it in the same clause ("24,000 contacts in 23/24"). A comparison
    ("compared with 300 the year before") only takes a period of its own.
    """
    before = [p for p in periods if p.end <= quantity.start and not any(t.text == ";" for t in doc[p.end:quantity.start])]
    if before and not quantity.comparison:
        period = before[-1]
        if not _in_opening_subordinate(doc, sentence, period) and not _present_clause(doc, period.end, quantity.start):
            return _period_text(doc, period)
    for period in periods:
        if period.start >= quantity.end and period.start - quantity.end <= PERIOD_FOLLOW_WINDOW:
            between = doc[quantity.end:period.start]
            if not any(t.text in LABEL_STOP_PUNCT or t.lower_ in LABEL_STOP_WORDS for t in between):
                return _period_text(doc, period)
    return None


def _present_clause(doc: Doc, start: int, end: int) -> bool:
    """Between a period and the number, the number's clause is set in the present: a "now"
    word ("currently includes 8 programmes"), or a new clause ("and it", "which") whose verb
    is in the present tense. Such a count is as of now, not of the period told earlier."""
    words = [t.lower_ for t in doc[start:end]]
    if any(w in PRESENT_TIME_WORDS for w in words):
        return True
    joiner = next((i for i, w in enumerate(words) if w in CLAUSE_JOINERS), None)
    return joiner is not None and any(w in PRESENT_VERBS for w in words[joiner + 1:])


def _in_opening_subordinate(doc: Doc, sentence: Span, period: Span) -> bool:
    first = _first_word(sentence)
    return doc[first].lower_ in SUBORDINATORS and period.start > first + 1


def _period_text(doc: Doc, period: Span) -> str:
    if period.start > 0 and doc[period.start - 1].lower_ == "since":
        return doc[period.start - 1:period.end].text
    return period.text
