"""The `statistics` spaCy factory: finds, filters and describes every number in a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .. import extensions  # noqa: F401  (declares span._.fact, doc._.blocks)
from ..explain import drop
from ..grammar.numbers import COUNT, PERCENT, _is_numeric, _number_matcher, numeric_indices
from ..grammar.periods import SINGLE_YEAR, find_periods, period_matcher
from ..sentences import block_starts, set_sentence_starts
from ..tokens import token_table
from .exclusions import (
    _after_name,
    _counter_alone,
    _exclusion_matcher,
    _is_code,
    _is_year,
    _item_numbers,
    _numbering_tokens,
    _propagate,
    profile_tokens,
)
from .filters import (
    _anaphoric,
    _bare_word_number,
    _case_subject,
    _followed_by_list,
    _head_words,
    _name_number,
    _quoted,
    _statutory_partners,
    _word_number_ok,
)
from .furniture import furniture_tokens
from .labels import describe, stat_period
from .quantities import Quantity, _compared_in_between, _plausible_ratio, read_quantity
from .tables import (
    TablePosition,
    _table_label,
    _table_period,
    table_position,
    table_rows,
)
from .vocabulary import (
    ATTENDANCE_WORDS,
    BASE_EXCLUSIONS,
    DISTINCTIVE_MIN,
    FRACTION_PART_EXCLUSION,
    JOINING_WORDS,
    LABEL_NOUNS,
    LIST_MARK_ENDS,
    LIST_MAX,
    PAGE_VIEW_WORDS,
    PARTNER_COUNT_NOUNS,
    PARTNER_COUNT_WINDOW,
    PROPAGATING,
    REFERENCE_LABEL_MAX,
    REFERENCE_ROW_WORDS,
    RULE_PREFIX,
    STRUCTURAL_NOUNS,
    TARGET_WORDS,
    TOTAL_WORDS,
    WHOLE_MATCH_EXCLUSIONS,
    WHOLE_PERIOD_WORDS,
)

DEFAULT_VOCABULARY = Path(__file__).parent.parent / "data" / "metrics.json"


SPAN_GROUP = "statistics"


SPAN_LABEL = "STATISTIC"


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
        seen: set[tuple[Any, ...]] = set()
        quantities = [q for sentence in doc.sents for q in self.sentence_quantities(doc, sentence, excluded, profile)]
        told = {q.value for q in quantities if q.column is None}
        for quantity in quantities:
            key = _fact_key(quantity)
            rule = "repeated_fact" if key in seen else None
            if quantity.column is not None and (_distinctive(quantity) or quantity.total_row) and quantity.value in told:
                rule = "repeated_in_table"  # "The MASH received 2,713 contacts" and the scorecard's "2,713"; "19 reviews" and "Total | 19"
            if rule is not None:
                drop(doc, SPAN_GROUP, doc[quantity.start].idx, _end_char(doc, quantity), f"{RULE_PREFIX}{rule}")
                continue
            seen.add(key)
            span = Span(doc, quantity.start, quantity.end, label=SPAN_LABEL)
            span._.fact = quantity.fact
            spans.append(span)
        doc.spans[SPAN_GROUP] = spans
        return doc

    # -- finding and excluding ------------------------------------------------------------

    def excluded_tokens(self, doc: Doc) -> dict[int, str]:
        """Token indices that are numbers in a non-count use (date, age, reference, page
        furniture, ...), each with the rule that excludes it."""
        excluded: dict[int, str] = {}
        propagating: dict[int, str] = {}
        for match_id, start, end in self.exclusions(doc):
            name = self.vocab.strings[match_id]
            numeric = {i for i in range(start, end) if _is_numeric(doc[i])}
            if name in BASE_EXCLUSIONS:  # only the base of "per 10,000", the denominator of "5 of 6"
                numeric = {i for i in range(start + 1, end) if _is_numeric(doc[i])}
            elif name in WHOLE_MATCH_EXCLUSIONS:
                numeric = set(range(start, end))
            elif name == FRACTION_PART_EXCLUSION:
                numeric = set(range(start + 1, end))
            if name == "PAGES" and end < len(doc) and doc[end].lower_ in PAGE_VIEW_WORDS:
                continue  # "1.2 million page views" counts visits, not pages
            if name == "AGE_OF_NAMED_CHILD" and not _after_name(doc, start):
                continue
            if name == "COUNTER" and not _counter_alone(doc, start, end):
                continue  # "the film had 3,400 views" counts viewers; "· 112 views" is the site's counter
            rule = f"{RULE_PREFIX}{name.lower()}"
            for i in numeric:
                excluded.setdefault(i, rule)
                if name in PROPAGATING:
                    propagating.setdefault(i, rule)
        for i in numeric_indices(token_table(doc)):
            token = doc[i]
            if i not in excluded:
                if _is_year(doc, token):
                    excluded[token.i] = f"{RULE_PREFIX}year"
                elif _is_code(token):
                    excluded[token.i] = f"{RULE_PREFIX}code"
        for i in _item_numbers(doc, {i for i, rule in excluded.items() if rule == f"{RULE_PREFIX}file"}):
            excluded.setdefault(i, f"{RULE_PREFIX}item_number")
        for i in _numbering_tokens(doc):
            excluded.setdefault(i, f"{RULE_PREFIX}paragraph_number")
        for i, rule in furniture_tokens(doc).items():
            excluded.setdefault(i, rule)
        for i, rule in _propagate(doc, propagating).items():
            excluded.setdefault(i, rule)
        return excluded

    def sentence_quantities(self, doc: Doc, sentence: Span, excluded: dict[int, str], profile: set[int]) -> list[Quantity]:
        cores = self.number_cores(sentence)
        if not cores:
            return []  # the periods only matter next to a number
        periods = [p for p in find_periods(self.periods, sentence) if p.label_ != SINGLE_YEAR or p.start in excluded]
        period_tokens = {i for p in periods for i in range(p.start, p.end)}
        quantities: list[Quantity] = []
        for core in cores:
            if core.label_ == "RATIO" and not _plausible_ratio(core, excluded):
                core = Span(doc, core.start, core.start + 1, label="WORDS" if doc[core.start].is_alpha else "DIGITS")
            rule = next((excluded[i] for i in range(core.start, core.end) if i in excluded), None)
            if rule is None and any(i in period_tokens for i in range(core.start, core.end)):
                rule = f"{RULE_PREFIX}period"
            quantity = read_quantity(doc, core, profile) if rule is None else None
            if rule is None and quantity is None:
                rule = f"{RULE_PREFIX}no_unit"
            if quantity is not None:
                rule = self.drop_reason(doc, sentence, quantity)
            if rule is not None:
                drop(doc, SPAN_GROUP, core.start_char, core.end_char, rule)
                continue
            assert quantity is not None  # no rule dropped it, so a quantity was read
            quantities.append(quantity)
        for quantity in quantities:
            if _bare_word_number(doc, sentence, quantity):
                drop(doc, SPAN_GROUP, doc[quantity.start].idx, _end_char(doc, quantity), f"{RULE_PREFIX}pronoun")
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
            quantity.column = table.column if table else None
            quantity.total_row = table is not None and table.column > 0 and _total_row(table)
            table_label = _table_label(doc, table, periods_of) if table else None
            rule = _table_drop(quantity, table, quantities[index - 1] if index else None) if table else None
            if rule is not None:
                drop(doc, SPAN_GROUP, doc[quantity.start].idx, _end_char(doc, quantity), rule)
                continue
            label, quantity.label_span = describe(doc, sentence, quantity, quantities[:index], stops, excluded, table_label)
            quantity.fact = {
                "value": quantity.value,
                "unit": quantity.unit,
                "qualifier": quantity.qualifier,
                "label": label,
                "metric": self.metric(doc, sentence, quantity.label_span),
                "stat_period": (_table_period(table, periods_of) if table else None) or stat_period(doc, sentence, quantity, periods),
            }
        return [q for q in quantities if q.fact]

    def period_spans(self, span: Span) -> list[Span]:
        return find_periods(self.periods, span)

    def number_cores(self, sentence: Span) -> list[Span]:
        doc = sentence.doc
        spans = [Span(doc, sentence.start + s, sentence.start + e, label=self.vocab.strings[m]) for m, s, e in self.numbers(sentence)]
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def drop_reason(self, doc: Doc, sentence: Span, quantity: Quantity) -> str | None:
        """The sentence-level exclusions: names, listed items, structural counts, case subjects;
        None for a statistic, else the rule that drops the number."""
        core = doc[quantity.core_start : quantity.core_end]
        first = core[0]
        if first.is_alpha and not _word_number_ok(doc, sentence, quantity):
            return f"{RULE_PREFIX}number_word"
        if _quoted(doc, sentence, quantity):
            return f"{RULE_PREFIX}quoted_name"
        if _case_subject(doc, sentence, quantity):
            return f"{RULE_PREFIX}case_detail"
        if quantity.unit == COUNT and _name_number(doc, sentence, quantity):
            return f"{RULE_PREFIX}name_number"
        if quantity.unit == COUNT and _partner_count(_head_words(doc, sentence, quantity.end)[:PARTNER_COUNT_WINDOW]):
            return f"{RULE_PREFIX}partner_count"
        if quantity.unit == COUNT and quantity.value <= LIST_MAX:
            head = _head_words(doc, sentence, quantity.end)
            if any(t.lower_ in STRUCTURAL_NOUNS for t in head):
                return f"{RULE_PREFIX}structural_count"
            if _statutory_partners(doc, sentence, quantity, head):
                return f"{RULE_PREFIX}statutory_partners"
            if _anaphoric(doc, sentence, quantity, head):
                return f"{RULE_PREFIX}list_count"
            if _followed_by_list(doc, sentence, quantity):
                return f"{RULE_PREFIX}list_count"
        return None

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


def _partner_count(head: list[Token]) -> bool:
    """ "38 relevant agencies", "two neighbouring boards": the bodies of the arrangements; but
    "three new partner agencies joined" counts a year's change."""
    words = {t.lower_ for t in head}
    return bool(words & PARTNER_COUNT_NOUNS) and not words & JOINING_WORDS


def _end_char(doc: Doc, quantity: Quantity) -> int:
    last = doc[quantity.end - 1]
    return last.idx + len(last)


def _table_drop(quantity: Quantity, table: TablePosition, previous: Quantity | None) -> str | None:
    """A table cell that is no fact of its own: in a reference column ("Ref | 3.1"), a target
    column ("Q2 Target | 90.0"), an attendance column ("Meetings attended | 5 of 6"); in a row
    that names a reference ("Version | 1.3", "Agenda item | 8"); the 100% of a Total row (the
    sum of the shares above it); or a whole-period column repeating the cell before it."""
    heading = _column_heading(table)
    if _numbering_cell(quantity, table):
        return f"{RULE_PREFIX}list_number"
    if len(heading) == 1 and heading[0] in LABEL_NOUNS:
        return f"{RULE_PREFIX}reference"
    if set(heading) & TARGET_WORDS:
        return f"{RULE_PREFIX}target"
    if set(heading) & ATTENDANCE_WORDS and _out_of(quantity, table):
        return f"{RULE_PREFIX}attendance"
    if table.column == 0:
        return None
    words = [t.lower_ for t in table.row[0] if t.is_alpha]
    if len(words) == 1 and words[0] in LABEL_NOUNS or 1 < len(words) <= REFERENCE_LABEL_MAX and words[-1] in REFERENCE_ROW_WORDS:
        return f"{RULE_PREFIX}reference"
    if quantity.unit == PERCENT and quantity.value == 100 and _total_row(table):
        return f"{RULE_PREFIX}total_share"
    if _repeated_snapshot(quantity, table, previous, heading):
        return f"{RULE_PREFIX}repeated_snapshot"
    return None


def _total_row(table: TablePosition) -> bool:
    words = [t.lower_ for t in table.row[0] if t.is_alpha]
    return bool(words) and words[0] in TOTAL_WORDS


def _numbering_cell(quantity: Quantity, table: TablePosition) -> bool:
    """ "1. | Title of the report", "| 2. the contribution be approved": a list number ("1.",
    "2)") opening a cell, before words in that cell or the next."""
    cell = [t for t in table.row[table.column] if not t.is_space]
    if not cell or cell[0].i != quantity.start or quantity.end >= len(cell[0].doc):
        return False
    rest = [t for t in cell if t.i >= quantity.end]
    if not rest or rest[0].text not in LIST_MARK_ENDS:
        return False
    following = rest[1:] or (table.row[table.column + 1] if table.column + 1 < len(table.row) else [])
    return any(t.is_alpha for t in following)


def _out_of(quantity: Quantity, table: TablePosition) -> bool:
    """The cell reads "N of M" (meetings attended of those held), not a count of attendees."""
    cell = table.row[table.column]
    rest = [t for t in cell if t.i >= quantity.end]
    return len(rest) == 2 and rest[0].lower_ == "of" and _is_numeric(rest[1])


def _column_heading(table: TablePosition) -> list[str]:
    """The words of the header cell above a number's column."""
    if not table.header or table.column >= len(table.header):
        return []
    return [t.lower_ for t in table.header[table.column] if t.is_alpha]


def _repeated_snapshot(quantity: Quantity, table: TablePosition, previous: Quantity | None, heading: list[str]) -> bool:
    """ "Open cases (Month End) | 22 | 25 | 24 | 28 | 28": the Year column repeats the last
    quarter's position."""
    if previous is None or table.column != len(table.row) - 1 or not set(heading) & WHOLE_PERIOD_WORDS:
        return False
    before = table.row[table.column - 1]
    return before.start <= previous.start < before.end and previous.value == quantity.value and previous.unit == quantity.unit


def _distinctive(quantity: Quantity) -> bool:
    """A value unlikely to be two facts by chance in one document ("2,713", "21.3"; not "4").
    Units are not compared: a table's "21.3" under "(%)" is the prose's "21.3%"."""
    return quantity.value >= DISTINCTIVE_MIN or quantity.value != int(quantity.value)


def _fact_key(quantity: Quantity) -> tuple[Any, ...]:
    """Facts with this key are one fact told twice (prose and table, summary and body): the
    same value, unit and label, and for small counts in a table the same column ("3 | 2 | 2 | 4"
    is four facts; "£247,000 | £247,000" under two years is one figure carried over)."""
    value, unit = quantity.fact["value"], quantity.fact["unit"]
    label = " ".join((quantity.fact.get("label") or "").lower().split())
    column = None if _distinctive(quantity) else quantity.column  # "£247,000 | £247,000": a figure carried over
    return (value, unit, label or quantity.start, column)


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
