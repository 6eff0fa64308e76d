"""Document metadata: which partnership, what kind of document, which period, which meeting.

Everything is read from the text, never from a list of councils: the area is the run of
capitalised words in front of "Safeguarding Children Partnership/Board" (or the "Children's
Safeguarding ..." variant), so the rules carry over to any English partnership.

Periods are read with the shared grammar (`grammar/periods.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import (
    extensions,  # noqa: F401  (declares doc._.metadata, doc._.blocks, doc._.title)
    sentences,  # noqa: F401  (registers the "sentences" factory the pipeline asks for)
)
from .grammar.periods import (
    DAY_RANGE,
    FULL_DATE,
    MONTH_RANGE,
    MONTH_YEAR,
    NUMERIC_DATE,
    REPORTING_PERIODS,
    SHORT_RANGE,
    YEAR_RANGE,
    find_periods,
    parse_date,
    period_bounds,
    period_matcher,
)
from .textblocks import doc_text

METADATA_KEYS = (
    "partnership", "partnership_area", "kind", "period_label", "period_start", "period_end",
    "meeting_date", "meeting_body",
)

# --- the component -------------------------------------------------------------------------

@Language.factory("metadata")
def make_metadata(nlp: Language, name: str) -> MetadataComponent:
    return MetadataComponent(nlp)


class MetadataComponent:
    """Sets `doc._.metadata` with the keys in `METADATA_KEYS` (None where the text does not say)."""

    def __init__(self, nlp: Language) -> None:
        self.make_doc: Callable[[str], Doc] = nlp.make_doc
        self.periods = period_matcher(nlp.vocab)
        self.partnerships = _partnership_matcher(nlp.vocab)
        self.fallback_partnerships = _partnership_matcher(nlp.vocab, FALLBACK_PARTNERSHIP_PATTERNS)
        self.period_cues = Matcher(nlp.vocab)
        self.period_cues.add("CUE", PERIOD_CUES)
        self.dates_cues = Matcher(nlp.vocab)
        self.dates_cues.add("DATES", DATES_LINE_CUES)

    def __call__(self, doc: Doc) -> Doc:
        title = self.make_doc(doc._.title) if doc._.title else None
        partnership, area = find_partnership(self.partnerships, doc, title)
        if partnership is None:
            partnership, area = find_partnership(self.fallback_partnerships, doc, title)
        if partnership is None:
            partnership = bare_abbreviation(doc)
        kind = detect_kind(doc)
        label, start, end = self.dates_line(doc)
        if label is None and kind not in UNDATED_KINDS:
            label, start, end = self.reporting_period(doc, title)
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

    def reporting_period(self, doc: Doc, title: Doc | None) -> tuple[str | None, str | None, str | None]:
        """The period the annual report covers, as written, with ISO bounds.

        Candidates are periods stated right next to "annual report" (or "report covers/for the
        period"), in the title or the text. The most precisely stated wins ("January-December
        2023" over "2023-24", which often names the publication year of a calendar-year
        report); ties go to the earliest, with the title first.
        """
        candidates: list[tuple[int, int, Span]] = []
        for position, source in enumerate(d for d in (title, doc) if d is not None):
            for span in _report_periods(self.periods, self.period_cues, source):
                rank = REPORTING_PERIODS.get(span.label_, 0)
                if rank:
                    candidates.append((-rank, position * len(doc) + span.start, span))
        if not candidates:
            return self.most_stated_period(doc)
        best = min(candidates, key=lambda c: (c[0], c[1]))[2]
        start, end = period_bounds(best)
        return best.text, start, end

    def dates_line(self, doc: Doc) -> tuple[str | None, str | None, str | None]:
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
                start = period_bounds(first)[0]
                end = period_bounds(last)[1]
                return doc[cue_end : last.end].text.strip(), start, end
        return None, None, None

    def most_stated_period(self, doc: Doc) -> tuple[str | None, str | None, str | None]:
        """With no cue, the reporting period the text states most often (at least twice): a budget
        or data page headed by its year ("contributions for 2024/25 ... Table 2: Other income 2024/25")."""
        ranges = [s for s in find_periods(self.periods, doc) if s.label_ in RANGE_LABELS]
        counts = Counter(" ".join(s.text.split()) for s in ranges)
        if not counts:
            return None, None, None
        text, count = counts.most_common(1)[0]
        if count < MIN_UNCUED_MENTIONS:
            return None, None, None
        span = next(s for s in ranges if " ".join(s.text.split()) == text)
        start, end = period_bounds(span)
        return span.text, start, end

    def meeting_date(self, doc: Doc) -> str | None:
        """The first full date in the paper's header (the blocks before the body text)."""
        header = _header_span(doc)
        for span in find_periods(self.periods, header):
            if span.label_ in (FULL_DATE, NUMERIC_DATE):
                return parse_date(span)
        return None


PERIOD_WINDOW = 8  # tokens after "annual report" / "the period" where its period is stated
DATES_LINE_TOKENS = 16  # "Inspection dates: 2 to 6 December 2024" runs to the end of its line
DATED_LABELS = frozenset({MONTH_RANGE, DAY_RANGE, FULL_DATE, NUMERIC_DATE, YEAR_RANGE, SHORT_RANGE, MONTH_YEAR})
RANGE_LABELS = frozenset({MONTH_RANGE, YEAR_RANGE, SHORT_RANGE})
MIN_UNCUED_MENTIONS = 2
# The document's own dates line: it gives the period before any period mentioned in passing.
DATES_LINE_CUES = [
    [{"LOWER": "inspection"}, {"LOWER": {"IN": ["date", "dates"]}}, {"ORTH": ":", "OP": "?"}],
    [{"LOWER": "reporting"}, {"LOWER": "period"}, {"ORTH": ":"}],
    [{"LOWER": "period"}, {"LOWER": "covered"}, {"ORTH": ":", "OP": "?"}],
    [{"LOWER": "period"}, {"LOWER": "of"}, {"LOWER": "report"}, {"ORTH": ":", "OP": "?"}],
]
PERIOD_CUES = [
    [{"LOWER": {"IN": ["annual", "yearly"]}}, {"LOWER": {"IN": ["report", "review"]}}],
    [{"LOWER": "business"}, {"LOWER": {"IN": ["plan", "strategy", "priorities"]}}],
    [{"LOWER": "strategic"}, {"LOWER": {"IN": ["plan", "priorities"]}}],
    [{"LOWER": {"IN": ["priorities", "strategy"]}}, {"LOWER": {"IN": ["for", "from"]}}],
    [{"LOWER": "priorities"}, {"LOWER": "(", "OP": "?"}, {"TEXT": {"REGEX": r"^(19|20)\d\d"}}],
    [{"LOWER": "report"}, {"LOWER": {"IN": ["for", "covering", "covers"]}}],
    [{"LOWER": {"IN": ["covers", "covering", "covered"]}}],
    [{"LOWER": "for"}, {"LOWER": "the"}, {"LOWER": {"IN": ["period", "year"]}}],
    [{"LOWER": "reporting"}, {"LOWER": {"IN": ["period", "year"]}}],
]


def _report_periods(matcher: Matcher, cue_matcher: Matcher, doc: Doc) -> list[Span]:
    """Periods stated within `PERIOD_WINDOW` tokens after a cue, or just before "annual report"."""
    cue_matches = cue_matcher(doc)
    cues = [end for _, _, end in cue_matches]
    cue_starts = [start for _, start, _ in cue_matches]
    found = []
    for span in find_periods(matcher, doc):
        alone = _alone_on_line(doc, span)
        after_cue = any(0 <= span.start - end < PERIOD_WINDOW and (alone or _same_sentence(doc, end - 1, span.start)) for end in cues)
        before_cue = any(0 < start - span.end + 1 <= 2 for start in cue_starts)
        if after_cue or before_cue:
            found.append(span)
    return found


def _alone_on_line(doc: Doc, span: Span) -> bool:
    """A period that is a line of its own ("Annual Report" / "April 2015 - March 2016")."""
    before = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ or doc[span.start - 1].is_space
    after = span.end >= len(doc) or "\n" in doc[span.end - 1].whitespace_ or doc[span.end].is_space
    return before and after


def _same_sentence(doc: Doc, i: int, j: int) -> bool:
    if not doc.has_annotation("SENT_START"):
        return not any(t.text in {".", "\n\n"} or "\n\n" in t.text for t in doc[i:j])
    return doc[i].sent.start == doc[j].sent.start


# --- partnership ---------------------------------------------------------------------------

AREA_CONNECTORS = ["and", "&", "of", "upon", "on", "-", "in"]
# Capitalised words that can precede the name without being part of the area.
NOT_AREA = frozenset(
    {
        "the", "a", "an", "of", "and", "&", "on", "in", "upon", "-", "annual", "report", "summary",
        "welcome", "to", "from", "by", "for", "partnership", "board", "children", "safeguarding",
        "local", "our", "this", "your", "about", "new", "statutory", "guidance", "page", "home",
        "introduction", "chair", "independent", "scrutiny", "business", "plan", "strategy",
    }
)
AREA_MAX_TOKENS = 6
PARTNERSHIP_PATTERNS = [
    # [Area] (Local) Safeguarding Children('s) (Assurance) Partnership|Board
    [{"LOWER": "local", "OP": "?"}, {"LOWER": "safeguarding"}, {"LOWER": {"IN": ["children", "childrens"]}},
     {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"}, {"LOWER": "assurance", "OP": "?"},
     {"LOWER": {"IN": ["partnership", "board"]}}],
    # [Area] Safeguarding Children Multi-Agency Partnership
    [{"LOWER": "safeguarding"}, {"LOWER": {"IN": ["children", "childrens"]}}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
     {"LOWER": "multi"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "agency"}, {"LOWER": {"IN": ["partnership", "board"]}}],
    # [Area] (Integrated) Safeguarding Partnership
    [{"LOWER": "integrated", "OP": "?"}, {"LOWER": "safeguarding"}, {"LOWER": "partnership"}],
    # [Area] Children('s) Safeguarding (Assurance) Partnership|Board
    [{"LOWER": {"IN": ["children", "childrens"]}}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"},
     {"LOWER": "safeguarding"}, {"LOWER": "assurance", "OP": "?"}, {"LOWER": {"IN": ["partnership", "board"]}}],
]
# Used only when no name above is found: "[Area] LSCB", "[Area] Multi-Agency Safeguarding Arrangements".
FALLBACK_PARTNERSHIP_PATTERNS = [
    [{"TEXT": {"REGEX": r"^(LSCB|LSCP|SCB|SCP)$"}}],
    [{"LOWER": "multi"}, {"ORTH": "-", "OP": "?"}, {"LOWER": "agency"}, {"LOWER": "safeguarding"}, {"LOWER": "arrangements"}],
]
BARE_ABBREVIATION = re.compile(r"^(LSCB|LSCP|SCB|SCP)$")
ABBREVIATION_RE = re.compile(r"^[A-Z][A-Za-z]{1,7}$")


@dataclass
class PartnershipMention:
    name: str
    area: str
    cased: bool  # written in mixed case (preferred as the canonical form)


def _partnership_matcher(vocab: Any, patterns: list[list[dict[str, Any]]] | None = None) -> Matcher:
    matcher = Matcher(vocab)
    matcher.add("PARTNERSHIP", patterns or PARTNERSHIP_PATTERNS)
    return matcher


def find_partnership(matcher: Matcher, doc: Doc, title: Doc | None = None) -> tuple[str | None, str | None]:
    """The partnership the document is about: the most often named one, abbreviations included.

    A name defined once with its abbreviation ("... Partnership (WSCP)") is credited with every
    later use of the abbreviation, since reports mostly use the short form.
    """
    mentions: list[PartnershipMention] = []
    votes: Counter[str] = Counter()
    abbreviations: dict[str, str] = {}
    for source in (d for d in (title, doc) if d is not None):
        for span in filter_spans([source[s:e] for _, s, e in matcher(source)]):
            mention = _mention(source, span)
            if mention is None:
                continue
            mentions.append(mention)
            votes[mention.area.lower()] += 1
            abbreviation = _abbreviation_after(source, span.end)
            if abbreviation:
                abbreviations[abbreviation] = mention.area.lower()
    for abbreviation, area in abbreviations.items():
        votes[area] += sum(1 for t in doc if t.text == abbreviation)
    if not votes:
        return None, None
    area_key = votes.most_common(1)[0][0]
    chosen = [m for m in mentions if m.area.lower() == area_key]
    cased = [m for m in chosen if m.cased] or chosen
    name = Counter(m.name for m in cased).most_common(1)[0][0]
    area = Counter(m.area for m in cased).most_common(1)[0][0]
    if not any(m.cased for m in chosen):
        name, area = smart_title(name), smart_title(area)
    return name, area


def bare_abbreviation(doc: Doc) -> str | None:
    """'the LSCB' as written, for a text that never names the partnership more fully."""
    for token in doc:
        if BARE_ABBREVIATION.match(token.text):
            start = token.i - 1 if token.i and doc[token.i - 1].lower_ == "the" else token.i
            return doc[start : token.i + 1].text
    return None


def _mention(doc: Doc, span: Span) -> PartnershipMention | None:
    area_tokens = _area_before(doc, span.start)
    if not area_tokens:
        return None
    start = area_tokens[0].i
    name = _join(list(doc[start:span.end]))
    area = _join([t for t in area_tokens])
    cased = any(t.is_title for t in doc[start:span.end])  # "Worthing LSCB" is cased, "KENT SAFEGUARDING ..." is not
    return PartnershipMention(name, area, cased)


def _area_before(doc: Doc, end: int) -> list[Any]:
    """Capitalised words (with "and", "of", "upon", hyphens) right before the name."""
    tokens: list[Any] = []
    i = end - 1
    while i >= 0 and len(tokens) < AREA_MAX_TOKENS:
        token = doc[i]
        capitalised = token.is_title or (token.is_upper and token.is_alpha)
        if capitalised or (token.lower_ in AREA_CONNECTORS and tokens):
            tokens.insert(0, token)
            i -= 1
            continue
        break
    while tokens and (tokens[0].lower_ in AREA_CONNECTORS or tokens[0].lower_ in NOT_AREA):
        tokens.pop(0)
    while tokens and tokens[-1].lower_ in NOT_AREA | set(AREA_CONNECTORS):
        tokens.pop()
    return tokens


def _abbreviation_after(doc: Doc, end: int) -> str | None:
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        if ABBREVIATION_RE.match(text) and sum(c.isupper() for c in text) >= 2:
            return text
    return None


def _join(tokens: list[Any]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "upon", "in", "to", "a"})


def smart_title(text: str) -> str:
    """Title case for names printed in capitals: small words lower, hyphen parts capitalised."""
    words = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i and lower in SMALL_WORDS:
            words.append(lower)
        elif word == "&":
            words.append("and")
        else:
            parts = word.split("-")
            words.append("-".join(p.lower() if j and p.lower() in SMALL_WORDS else p[:1].upper() + p[1:].lower() for j, p in enumerate(parts)))
    return " ".join(words)


# --- kind ----------------------------------------------------------------------------------

COMMITTEE_PAPER, ANNUAL_REPORT, SUMMARY, WEB_PAGE = (
    "committee_paper", "annual_report", "annual_report_summary", "annual_report_web_page",
)
INSPECTION_REPORT, NEWSLETTER, CASE_REVIEW_PAGE = "inspection_report", "newsletter", "case_review_page"
UNDATED_KINDS = frozenset({NEWSLETTER, CASE_REVIEW_PAGE})  # their period is null (LABELLING.md)
# An inspection report of children's services: its title, its dates line, its inspectors.
INSPECTION_SIGNALS = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"\binspection dates?\s*:", r"\b(re-?)?inspection of (services for children|.{0,80}?local authority children.s services)",
        r"\blead inspector\b", r"\bofsted\b", r"\b(his|her) majesty.s inspector\b",
    )
]
INSPECTION_MIN_SIGNALS = 2
# The document's own title (or first heading) calls it a newsletter or a page of case reviews.
NEWSLETTER_TITLE = re.compile(r"\b(newsletter|bulletin|e-?news)\b|\bissue (no\.?\s*)?\d+\b|\b(partnership|board) news\b", re.IGNORECASE)
MASTHEAD_BLOCKS, MASTHEAD_CHARS = 3, 120  # a newsletter's masthead: "Issue No. 31", "Newsletter 21; March 2016"
CASE_REVIEW_TITLE = re.compile(
    r"\b(case reviews?|serious case reviews?|(child |local )?safeguarding practice reviews?|learning reviews?|"
    r"(7|seven)[- ]minute briefings?|learning from reviews|review briefings?)\b",
    re.IGNORECASE,
)
HEADER_BLOCKS = 12  # a committee paper's cover: body, date, title, author
COMMITTEE_SIGNALS = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"^report title\b", r"^report of\b", r"^report author\b", r"^recommendations?(/s)?\s*:?\s*$",
        r"\breason(s|/s)? for (the )?recommendation", r"\bpurpose of (the |this )?report\b",
        r"\bfinancial implications\b", r"\blegal implications\b", r"\bkey decision\b", r"\bwards? affected\b",
        r"\bagenda item\b", r"\bbackground papers\b", r"\b(is|are) (requested|asked|recommended|invited) to (note|consider|approve|agree|endorse|comment)",
        r"\bdate of (the )?meeting\b", r"\bmeeting date\b", r"^report to\b", r"\bequality implications\b",
    )
]
COMMITTEE_MIN_SIGNALS = 3
INSPECTION_OPENING_CHARS = 4000  # the cover page and the first paragraphs
# "Summary" alone is only a cue next to "report" ("Annual Report Summary"); "Executive Summary"
# is a chapter of a full report.
SUMMARY_CUES = re.compile(r"\b(on[- ]a[- ]page|at a glance|infographic|in brief|easy read)\b", re.IGNORECASE)
REPORT_SUMMARY_CUE = re.compile(r"\breport\b.*\b(summary|highlights)\b|\b(summary|highlights) of (the|our) .*\breport\b", re.IGNORECASE)
# In the opening blocks, the document calling itself a summary ("welcome you to this summary of ...").
SELF_SUMMARY = re.compile(r"\bthis (short )?(summary|overview) of\b", re.IGNORECASE)
OPENING_BLOCKS = 5
TITLE_MAX_WORDS = 15
SUMMARY_HEADINGS = 3  # the title and the first headings name a summary
WEB_TITLE_SEPARATOR = re.compile(r"\s[-|–—]\s")
WEB_BOILERPLATE = re.compile(r"\b(cookies?|skip to (main )?content|quick links|share this page|print this page|back to top)\b", re.IGNORECASE)


def detect_kind(doc: Doc) -> str:
    """inspection_report, committee_paper, newsletter, case_review_page, annual_report_summary,
    annual_report_web_page or annual_report.

    An inspection report has at least two of its marks in its opening (an "Inspection dates:"
    line, the "Inspection of ... children's services" title, a lead inspector, Ofsted). A
    newsletter or a page of case reviews says so in its own title or first heading.

    A committee paper has the furniture of a council report (report title/author, a
    recommendation section, implications sections, "is requested to note"); at least
    `COMMITTEE_MIN_SIGNALS` of them. A summary says so in its title or first headings. A web
    page has no pages (HTML) and a site-style title ("Page - Site") or web boilerplate.
    """
    text = doc_text(doc)
    if sum(1 for signal in INSPECTION_SIGNALS if signal.search(text[:INSPECTION_OPENING_CHARS])) >= INSPECTION_MIN_SIGNALS:
        return INSPECTION_REPORT
    if sum(1 for signal in COMMITTEE_SIGNALS if signal.search(text)) >= COMMITTEE_MIN_SIGNALS:
        return COMMITTEE_PAPER
    title = doc._.title or ""
    headings = [text[b[1]:b[2]] for b in (doc._.blocks or []) if b[0] == "heading"][:SUMMARY_HEADINGS]
    opening = [text[b[1]:b[2]] for b in (doc._.blocks or [])[:OPENING_BLOCKS]]
    own_title = [t for t in [title, *headings[:1]] if t and len(t.split()) <= TITLE_MAX_WORDS]
    masthead = [t[:MASTHEAD_CHARS] for t in opening[:MASTHEAD_BLOCKS]]
    if any(NEWSLETTER_TITLE.search(t) for t in own_title + masthead):
        return NEWSLETTER
    if any(CASE_REVIEW_TITLE.search(t) for t in own_title):
        return CASE_REVIEW_PAGE
    first_line = [t for t in opening[:1] if len(t.split()) <= TITLE_MAX_WORDS]  # a title set as plain text
    if any(SUMMARY_CUES.search(t) or REPORT_SUMMARY_CUE.search(t) for t in [title, *headings, *first_line]):
        return SUMMARY
    if any(SELF_SUMMARY.search(t) for t in opening):
        return SUMMARY
    blocks = doc._.blocks or []
    paged = any(b[3] is not None for b in blocks)
    if blocks and not paged and (WEB_TITLE_SEPARATOR.search(title) or WEB_BOILERPLATE.search(text)):
        return WEB_PAGE
    return ANNUAL_REPORT


# --- meetings ------------------------------------------------------------------------------

BODY_NOUNS = r"(Committee|Sub-Committee|Board|Cabinet|Council|Panel|Forum|Executive)"
BODY_LINE = re.compile(rf"^(?:(?:meeting|report to|to|committee|meeting of)\s*:?\s*)?(?P<body>(?:[A-Z][\w,&'’ -]{{0,90}}?\s)?{BODY_NOUNS})\s*$", re.IGNORECASE)
BODY_IN_TEXT = re.compile(rf"\b(?:The\s+)?(?P<body>(?:[A-Z][\w,&'’-]*(?:\s+(?:[A-Z][\w,&'’-]*|and|of|for|&))*\s+)?{BODY_NOUNS})\s+(?:is|are)\s+(?:requested|asked|recommended|invited)\b")
PARTNERSHIP_NAME = re.compile(r"safeguarding|children'?s? partnership", re.IGNORECASE)
BODY_MAX_WORDS = 12


def find_meeting_body(doc: Doc) -> str | None:
    """The committee or board the paper goes to, in the text's own mixed-case spelling if it has one."""
    body = None
    for block in (doc._.blocks or [])[:HEADER_BLOCKS]:
        line = doc_text(doc)[block[1]:block[2]].strip()
        match = BODY_LINE.match(line)
        if match and len(line.split()) <= BODY_MAX_WORDS and not PARTNERSHIP_NAME.search(match["body"]):
            body = match["body"]
            break
    if body is None:
        match = BODY_IN_TEXT.search(doc_text(doc))
        return match["body"] if match else None
    return _cased_form(doc_text(doc), body)


def _cased_form(text: str, body: str) -> str:
    """Prefer the spelling used in running text ("&" written "and") over a heading in capitals."""
    words = [re.escape(w) if w != "&" else "(?:&|and)" for w in re.findall(r"[\w'’-]+|&", body)]
    pattern = re.compile(r"\b" + r"[\s,]+".join(words) + r"\b", re.IGNORECASE)
    for match in pattern.finditer(text):
        found = match.group()
        if not found.isupper():
            return " ".join(found.split())
    return smart_title(body) if body.isupper() else body


def _header_span(doc: Doc) -> Span:
    blocks = doc._.blocks or []
    end_char = blocks[min(HEADER_BLOCKS, len(blocks)) - 1][2] if blocks else len(doc_text(doc))
    span = doc.char_span(0, end_char, alignment_mode="expand")
    return span if span is not None else doc[:]
