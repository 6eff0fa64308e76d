"""Numeric facts ("over 24,000 contacts", "£300,000", "one-third", "50% of attendees").

How it works, and why in this order:

1. **Number expressions** are found with a token `Matcher` (digits, number words, fractions,
   "1 in 5"), then widened to their unit ("£", "%", "per cent", "per 10,000") and qualifier
   ("over", "fewer than").
2. **Things that look like numbers but are not counts** are removed. Most are token patterns
   too (dates, year ranges, ages, durations, "Item 8", "Section 11", phone numbers, file sizes,
   page counts, the "per 10,000" base, the "100" in "If <area> had 100 children"); a few need
   the sentence: paragraph numbers at the start of a block, years, counts of items the text
   then lists ("two reviews, Ollie and Noah"), counts of structural things ("four priority
   areas"), the subjects of a single case ("a review about three siblings").
3. **What is counted** (`label`) is the text's own words right after the number, up to the
   next clause boundary; with nothing after the number ("The budget is £300,000.") it is the
   subject before "is/was" or a colon; in a table ("cell | cell" rows) it is the row or column
   heading; for a figure printed alone (infographics) it is the caption block next to it.
   `metric` maps the label onto metrics.json, and `stat_period` is the period the sentence (or
   the table's column heading) gives for it.

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
from .metadata import MONTHS, SINGLE_YEAR, find_periods, period_matcher
from .sentences import block_starts, set_sentence_starts

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
]
AGE_WORDS = ["age", "aged", "ages"]
AGE_GROUPS = ["children", "child", "babies", "baby", "infants", "people", "pupils", "those", "girls", "boys", "adults", "persons"]
FILE_UNITS = ["kb", "mb", "gb", "kilobytes", "megabytes", "bytes"]
PAGE_UNITS = ["page", "pages", "pp", "slide", "slides"]
PAGE_VIEW_WORDS = frozenset({"views", "view", "visits", "hits", "impressions", "visitors"})
PROFILE_NOUNS = ["children", "young", "pupils", "kids", "people"]
CLOCK_WORDS = ["am", "pm", "a.m.", "p.m."]
RANGE_DASHES = ["-", "–", "—", "/"]
PROPAGATING = frozenset({"LABELLED", "AGE", "DURATION", "PAGES", "FILE"})  # "Section 11 and 175", "aged 10 to 17"
NUMBER_CONNECTORS = frozenset({"and", "or", "to", ",", "&", "-", "–", "/"})

YEAR_MIN, YEAR_MAX = 1800, 2099
YEAR_PRECEDERS = frozenset({
    "in", "during", "since", "from", "until", "till", "by", "of", "to", "between", "before", "after", "throughout",
    "for", "and", "summer", "autumn", "spring", "winter", "early", "late", "mid", "year", "end", "(", "the",
})
IRREGULAR_PLURALS = frozenset({"children", "people", "staff", "men", "women", "police", "personnel", "youth", "young"})
FUNCTION_WORDS = frozenset({
    "was", "is", "has", "as", "this", "its", "his", "us", "thus", "plus", "across", "always", "perhaps", "unless",
    "whereas", "towards", "besides", "its", "yes", "was", "does", "goes", "less",
})
# Counts of parts of a document or of the arrangements themselves, which the text lists or
# which are fixed by statute ("the three safeguarding partners"): not statistics.
STRUCTURAL_NOUNS = frozenset({
    "priorities", "priority", "areas", "objectives", "aims", "themes", "principles", "pillars", "strands", "sections",
    "chapters", "parts", "appendices", "examples", "questions", "outcomes", "ambitions", "values",
    "commitments", "goals", "steps", "stages", "headings", "workstreams", "elements", "domains", "categories",
})
STATUTORY_PARTNER_WORDS = frozenset({"statutory", "safeguarding"})
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
COMPARISON_CUES = [("compared", "with"), ("compared", "to"), ("up", "from"), ("down", "from"), ("from",), ("against",), ("than",)]
SUBORDINATORS = frozenset({"since", "when", "after", "although", "following", "because", "while", "whilst", "once", "before", "as", "though"})

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
def make_statistics(nlp: Language, name: str, vocabulary: str | None) -> "StatisticsComponent":
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
                core = Span(doc, core.start, core.start + 1, label="DIGITS")
            if any(i in excluded or i in period_tokens for i in range(core.start, core.end)):
                continue
            quantity = read_quantity(doc, core, profile)
            if quantity is None or not self.is_statistic(doc, sentence, quantity):
                continue
            quantities.append(quantity)
        quantities = [q for q in quantities if not _bare_word_number(doc, sentence, q)]
        stops = {i for q in quantities for i in range(q.start, q.end)} | period_tokens
        for index, quantity in enumerate(quantities):
            if index and _compared_in_between(doc, quantities[index - 1], quantity):
                quantity.comparison = True  # "98 per 10,000 compared to the national average of 70"
            if quantity.comparison and index and quantity.unit == COUNT:
                quantity.unit = quantities[index - 1].unit  # "45.2 per 10,000, compared with 40.1"
            table = table_position(doc, sentence, quantity)
            table_label = _table_label(doc, table, self.period_spans) if table else None
            label, quantity.label_span = describe(doc, sentence, quantity, quantities[:index], stops, excluded, table_label)
            quantity.fact = {
                "value": quantity.value,
                "unit": quantity.unit,
                "qualifier": quantity.qualifier,
                "label": label,
                "metric": self.metric(doc, sentence, quantity.label_span),
                "stat_period": (_table_period(table, self.period_spans) if table else None)
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
        if quantity.unit == COUNT and quantity.value <= LIST_MAX:
            head = _head_words(doc, sentence, quantity.end)
            if any(t.lower_ in STRUCTURAL_NOUNS for t in head) or _statutory_partners(head):
                return False
            if _followed_by_list(doc, sentence, quantity):
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
            m, s, e = min(matches, key=lambda x: (-(x[2] - x[1]), x[1]))
            return self.vocab.strings[m]
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
    matcher.add(
        "RATIO",
        [[digits, {"LOWER": "in"}, {"LOWER": "every", "OP": "?"}, digits], [digits, {"LOWER": "out"}, {"LOWER": "of"}, digits]],
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
    if core.label_ == "DIGITS" and core[-1].lower_ in MONEY_SCALES and (start == 0 or doc[start - 1].text != "£"):
        if core[-1].lower_ not in SCALE_WORDS:
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
        numbers = [_digits_value(t.text) for t in core if re.match(DIGITS_RE, t.text)]
        return numbers[0] / numbers[1] if len(numbers) == 2 and numbers[1] else None
    first = core[0].text
    scaled = re.match(SCALED_MONEY_RE, first, re.I)
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
        window = doc[quantity.core_end:min(quantity.core_end + ONE_NOUN_WINDOW, sentence.end)]
        if not len(window) or window[0].text == "-" or window[0].lower_ == "of":
            return False  # "one-stop", "one of the"
        return any(t.lower_ in ONE_NOUNS for t in window)
    return True


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
    """"1 in 5" is a ratio; "300 in 2023" is a count followed by a year."""
    numbers = [t for t in core if re.match(DIGITS_RE, t.text)]
    if len(numbers) != 2 or any(t.i in excluded for t in numbers):
        return False
    return 0 < _digits_value(numbers[0].text) < _digits_value(numbers[1].text)


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


def _statutory_partners(head: list[Token]) -> bool:
    lower = [t.lower_ for t in head]
    return bool(lower) and lower[-1] in {"partners", "partner"} and bool(set(lower) & STATUTORY_PARTNER_WORDS)


def _followed_by_list(doc: Doc, sentence: Span, quantity: Quantity) -> bool:
    """"two reviews (CSPR's), Ollie and Noah", "three partners – the Local Authority, Police and ...".

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
    before = _label_before(doc, sentence, quantity, stops) if span is None or money_preposition else None
    if before is not None:
        if span is not None and doc[span[0]].lower_ == "per":
            return f"{_text(doc, *before)} {_text(doc, *span)}", before
        span = before
    if span is None:
        span = _caption_label(doc, sentence, quantity)
    if span is None:
        return None, None
    return _text(doc, *span), span


CAPTION_MAX_TOKENS = 8  # a short block next to a lone figure is its caption


def _caption_label(doc: Doc, sentence: Span, quantity: Quantity) -> tuple[int, int] | None:
    """Infographics print "43,000" in one block and "visits to our website" in the next."""
    alone = all(t.is_space or t.is_punct or quantity.start <= t.i < quantity.end for t in sentence)
    if not alone:
        return None
    for neighbour in (sentence.end, sentence.start - 1):
        if not 0 <= neighbour < len(doc):
            continue
        caption = doc[neighbour].sent
        words = [t for t in caption if not t.is_space]
        if words and len(words) <= CAPTION_MAX_TOKENS and all(t.is_alpha or t.is_punct for t in words):
            return _trimmed(doc, words[0].i, words[-1].i + (0 if words[-1].is_punct else 1))
    return None


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


def _label_before(doc: Doc, sentence: Span, quantity: Quantity, stops: set[int]) -> tuple[int, int] | None:
    """The subject before the verb: "The annual budget for the WSCP is approximately £300,000",
    "The number of children on a plan fell from 412 to 372".

    Only after a linking or change verb ("is", "was", "fell from", "rose to"): elsewhere the
    words before a number are not what it counts.
    """
    end = quantity.start
    while end > sentence.start and (doc[end - 1].lower_ in COPULAS or end - 1 in stops or _qualifier_word(doc[end - 1])):
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


def table_position(doc: Doc, sentence: Span, quantity: Quantity) -> TablePosition | None:
    """Table rows are "cell | cell | cell" lines (the parsers' format); None outside a table."""
    if not any(t.text == TABLE_CELL_SEPARATOR for t in sentence):
        return None
    row = _cells(sentence)
    column = next((i for i, cell in enumerate(row) if cell.start <= quantity.start < max(cell.end, cell.start + 1)), 0)
    block = _block_of(doc, sentence.start)
    header_row = next(iter(doc[block[0]:block[1]].sents), None) if block else None
    header = _cells(header_row) if header_row is not None and header_row.start != sentence.start else None
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
    return doc[span[0]].lower_ in PERIOD_PREPOSITIONS | {"to", "from", "per", "on", "at", "with"}


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
        if not _in_opening_subordinate(doc, sentence, period):
            return _period_text(doc, period)
    for period in periods:
        if period.start >= quantity.end and period.start - quantity.end <= PERIOD_FOLLOW_WINDOW:
            between = doc[quantity.end:period.start]
            if not any(t.text in LABEL_STOP_PUNCT or t.lower_ in LABEL_STOP_WORDS for t in between):
                return _period_text(doc, period)
    return None


def _in_opening_subordinate(doc: Doc, sentence: Span, period: Span) -> bool:
    first = _first_word(sentence)
    return doc[first].lower_ in SUBORDINATORS and period.start > first + 1


def _period_text(doc: Doc, period: Span) -> str:
    if period.start > 0 and doc[period.start - 1].lower_ == "since":
        return doc[period.start - 1:period.end].text
    return period.text
