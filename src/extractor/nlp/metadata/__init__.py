"""Document metadata: which partnership, what kind of document, which period, which meeting.

Everything is read from the text and the title, never from a list of councils: the partnership
in `partnership.py`, the kind in `kind.py`, the reporting period in `period.py`, a committee
paper's meeting in `meetings.py`; their vocabulary and patterns are in `data/metadata.json`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from .. import (
    extensions,  # noqa: F401  (declares doc._.metadata, doc._.blocks, doc._.title)
    sentences,  # noqa: F401  (registers the "sentences" factory the pipeline asks for)
)
from ..grammar.periods import (
    FULL_DATE,
    NUMERIC_DATE,
    WEEKDAYS,
    find_periods,
    parse_date,
    period_bounds,
    period_matcher,
)
from ..vocabularies import load_data
from .kind import COMMITTEE_PAPER, UNDATED_KINDS, detect_kind
from .meetings import find_meeting_body, header_span
from .partnership import PartnershipFinder, smart_title
from .period import PeriodReader

__all__ = [
    "METADATA_KEYS",
    "MetadataComponent",
    "detect_kind",
    "find_periods",
    "make_metadata",
    "period_bounds",
    "period_matcher",
    "smart_title",
]
DEFAULT_VOCABULARY = "metadata.json"
MEETING_CUE_GAP = 4  # "Date of meeting: | 3 May 2022"
METADATA_KEYS = (
    "partnership",
    "partnership_area",
    "kind",
    "period_label",
    "period_start",
    "period_end",
    "meeting_date",
    "meeting_body",
)


@Language.factory("metadata", default_config={"vocabulary_file": DEFAULT_VOCABULARY})
def make_metadata(nlp: Language, name: str, vocabulary_file: str) -> MetadataComponent:
    return MetadataComponent(nlp, vocabulary_file)


class MetadataComponent:
    """Sets `doc._.metadata` with the keys in `METADATA_KEYS` (None where the text does not say)."""

    def __init__(self, nlp: Language, vocabulary_file: str = DEFAULT_VOCABULARY) -> None:
        words = load_data(vocabulary_file)
        self.make_doc: Callable[[str], Doc] = nlp.make_doc
        self.partnerships = PartnershipFinder(nlp.vocab, words)
        self.periods = PeriodReader(nlp.vocab, words)
        self.meeting_cues = frozenset(words["meeting_date_cues"])
        self.not_meeting_date = frozenset(words["not_meeting_date_before"])

    def __call__(self, doc: Doc) -> Doc:
        title = self.make_doc(doc._.title) if doc._.title else None
        partnership, area = self.partnerships.find(doc, title, self.make_doc)
        kind = detect_kind(doc)
        label, start, end = self.periods.dates_line(doc)
        if label is None and kind not in UNDATED_KINDS:
            # a committee paper's period is the report's it considers; a budget year it repeats is not one
            label, start, end = self.periods.reporting_period(doc, title, uncued=kind != COMMITTEE_PAPER)
        meeting_date = meeting_body = None
        if kind == COMMITTEE_PAPER:
            meeting_date = self.meeting_date(doc)
            meeting_body = find_meeting_body(doc)
        doc._.metadata = {
            "partnership": partnership,
            "partnership_area": area,
            "kind": kind,
            "period_label": label,
            "period_start": start,
            "period_end": end,
            "meeting_date": meeting_date,
            "meeting_body": meeting_body,
        }
        return doc

    def meeting_date(self, doc: Doc) -> str | None:
        """The meeting's date in the paper's header (the blocks before the body text): a full date
        labelled as the meeting's ("Meeting: 06/06/2019", "Date of meeting: ...", "held on
        Tuesday, 3 May 2022") or with its weekday, else the first full date that is not a snapshot
        or a deadline in running text ("children on a plan on 31 March 2021", "publish by 29 June
        2019"); "ON 15th JANUARY 2018" opening a line of a report's cover is the meeting's."""
        dates = [s for s in find_periods(self.periods.periods, header_span(doc)) if s.label_ in (FULL_DATE, NUMERIC_DATE)]
        labelled = [
            s
            for s in dates
            if s[0].lower_ in WEEKDAYS or any(t.lower_ in self.meeting_cues for t in doc[max(0, s.start - MEETING_CUE_GAP) : s.start])
        ]
        plain = [s for s in dates if not self._in_passing(doc, s.start)]
        for span in labelled + plain:
            return parse_date(span)
        return None

    def _in_passing(self, doc: Doc, start: int) -> bool:
        """The date follows "on", "by", "until" ... inside a sentence, not at the start of a line."""
        if start == 0 or doc[start - 1].lower_ not in self.not_meeting_date:
            return False
        word = start - 1
        return not (word == 0 or "\n" in doc[word - 1].whitespace_ or doc[word - 1].is_space)
