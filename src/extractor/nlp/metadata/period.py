"""The reporting period a document covers, as written, with ISO bounds.

A period counts when it is written next to a cue: right after "annual report", "the report
covers", "for the period" (a report's period) or "business plan", "priorities for" (a plan's
period), or just before "annual report" ("the 2013-14 annual report"). A plan or priorities
document (its own title says so, and not that it is a report) takes the plan's period; any
other document takes its report's period first, so a committee paper on an annual report is
not dated by the priorities the report sets for the years ahead. The document's own dates line
("Inspection dates: ...", "Reporting period: ...") comes before all of these.

Periods are read with the shared grammar (`grammar/periods.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from spacy.tokens import Doc, Span

from ..grammar.periods import (
    DAY_RANGE,
    FULL_DATE,
    MONTH_RANGE,
    MONTH_YEAR,
    NUMERIC_DATE,
    REPORTING_PERIODS,
    SHORT_RANGE,
    YEAR_RANGE,
    find_periods,
    period_bounds,
    period_matcher,
)
from ..matching import LexicalMatcher
from ..textblocks import doc_text

Period = tuple[str | None, str | None, str | None]  # label as written, ISO start, ISO end
NO_PERIOD: Period = (None, None, None)
REPORT, PLAN = "REPORT", "PLAN"
PERIOD_WINDOW = 8  # tokens after a cue where its period is stated
BEFORE_CUE_GAP = 2  # "the 2013-14 annual report"
DATES_LINE_TOKENS = 16  # "Inspection dates: 2 to 6 December 2024" runs to the end of its line
DATED_LABELS = frozenset({MONTH_RANGE, DAY_RANGE, FULL_DATE, NUMERIC_DATE, YEAR_RANGE, SHORT_RANGE, MONTH_YEAR})
RANGE_LABELS = frozenset({MONTH_RANGE, YEAR_RANGE, SHORT_RANGE})
MIN_UNCUED_MENTIONS = 2
OWN_TITLE_MAX_WORDS = 15
LABEL_EDGES = " \t|:;,–—-"  # a table cell's or label's separator left before a period ("| 1 April ...")


class PeriodReader:
    """Reads the period with the cues in `data/metadata.json`."""

    def __init__(self, vocab: Any, words: dict[str, Any]) -> None:
        self.periods = period_matcher(vocab)
        self.cues = LexicalMatcher(vocab)
        self.cues.add(REPORT, words["report_cues"])
        self.cues.add(PLAN, words["plan_cues"])
        self.dates_cues = LexicalMatcher(vocab)
        self.dates_cues.add("DATES", words["dates_line_cues"])
        self.gap_stops = frozenset(words["gap_stops"])
        self.plan_titles = _word_pattern(words["plan_titles"])
        self.report_titles = _word_pattern(words["report_titles"])

    def reporting_period(self, doc: Doc, title: Doc | None, uncued: bool = True) -> Period:
        """The cued period of the preferred kind (a plan's for a plan document, else a report's),
        the most precisely stated winning ("January-December 2023" over "2023-24"), ties to the
        earliest, the title first; with no cue and `uncued`, a period the text states again and again."""
        order = (PLAN, REPORT) if self.is_plan(doc) else (REPORT, PLAN)
        candidates: dict[str, list[tuple[int, int, Span]]] = {REPORT: [], PLAN: []}
        for position, source in enumerate(d for d in (title, doc) if d is not None):
            for span, cue in self.cued_periods(source):
                rank = REPORTING_PERIODS.get(span.label_, 0)
                if rank:
                    candidates[cue].append((-rank, position * len(doc) + span.start, span))
        for cue in order:
            if candidates[cue]:
                best = min(candidates[cue], key=lambda c: (c[0], c[1]))[2]
                return (best.text, *period_bounds(best))
        return self.most_stated_period(doc) if uncued else NO_PERIOD

    def is_plan(self, doc: Doc) -> bool:
        """The document's own title (or first heading) calls it a plan or its priorities, and not a report."""
        text = doc_text(doc)
        headings = [text[b[1] : b[2]] for b in (doc._.blocks or []) if b[0] == "heading"][:1]
        own = [t for t in [doc._.title or "", *headings] if t and len(t.split()) <= OWN_TITLE_MAX_WORDS]
        return any(self.plan_titles.search(t) for t in own) and not any(self.report_titles.search(t) for t in own)

    def cued_periods(self, doc: Doc) -> list[tuple[Span, str]]:
        """Periods within `PERIOD_WINDOW` tokens after a cue (in its sentence, or alone on a line),
        with no word between them that puts the period on something else, or just before a cue;
        each with the kind of its nearest cue."""
        cues = sorted(((s, e, doc.vocab.strings[m]) for m, s, e in self.cues(doc)), key=lambda c: c[1])
        found = []
        for span in find_periods(self.periods, doc):
            alone = _alone_on_line(doc, span)
            after = [
                (end, cue)
                for _, end, cue in cues
                if 0 <= span.start - end < PERIOD_WINDOW
                and (alone or _same_sentence(doc, end - 1, span.start))
                and not any(t.lower_ in self.gap_stops for t in doc[end : span.start])
            ]
            before = [cue for start, _, cue in cues if 0 < start - span.end + 1 <= BEFORE_CUE_GAP]
            if after:
                found.append((span, max(after)[1]))
            elif before:
                found.append((span, before[0]))
        return found

    def dates_line(self, doc: Doc) -> Period:
        """The document's own dates line ("Inspection dates: 2 to 6 December 2024", "Reporting
        period: April 2023 to March 2024"): from its first to its last date, as written."""
        for _, _, cue_end in self.dates_cues(doc):
            line_end = cue_end
            while line_end < len(doc) and line_end - cue_end < DATES_LINE_TOKENS and "\n" not in doc[line_end - 1].whitespace_ + doc[line_end].text:
                line_end += 1
            colon = next((i for i in range(cue_end, line_end) if doc[i].text == ":"), line_end)  # "... Report published: ..."
            dated = [p for p in find_periods(self.periods, doc[cue_end:colon]) if p.label_ in DATED_LABELS]
            if dated:
                first, last = dated[0], dated[-1]
                label = doc[cue_end : last.end].text.strip(LABEL_EDGES)
                return label, period_bounds(first)[0], period_bounds(last)[1]
        return NO_PERIOD

    def most_stated_period(self, doc: Doc) -> Period:
        """With no cue, the reporting period the text states most often (at least twice): a budget
        or data page headed by its year ("contributions for 2024/25 ... Table 2: Other income 2024/25")."""
        ranges = [s for s in find_periods(self.periods, doc) if s.label_ in RANGE_LABELS]
        counts = Counter(" ".join(s.text.split()) for s in ranges)
        if not counts:
            return NO_PERIOD
        text, count = counts.most_common(1)[0]
        if count < MIN_UNCUED_MENTIONS:
            return NO_PERIOD
        span = next(s for s in ranges if " ".join(s.text.split()) == text)
        return (span.text, *period_bounds(span))


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _alone_on_line(doc: Doc, span: Span) -> bool:
    """A period that is a line of its own ("Annual Report" / "April 2015 - March 2016")."""
    before = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ or doc[span.start - 1].is_space
    after = span.end >= len(doc) or "\n" in doc[span.end - 1].whitespace_ or doc[span.end].is_space
    return before and after


def _same_sentence(doc: Doc, i: int, j: int) -> bool:
    if not doc.has_annotation("SENT_START"):
        return not any(t.text in {".", "\n\n"} or "\n\n" in t.text for t in doc[i:j])
    return doc[i].sent.start == doc[j].sent.start
