"""What kind of document this is: inspection report, committee paper (cover reports, minutes and
decision records), newsletter, case-review page, annual report summary, annual report web page or
annual report."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..textblocks import doc_text

COMMITTEE_PAPER, ANNUAL_REPORT, SUMMARY, WEB_PAGE = (
    "committee_paper",
    "annual_report",
    "annual_report_summary",
    "annual_report_web_page",
)
INSPECTION_REPORT, NEWSLETTER, CASE_REVIEW_PAGE = "inspection_report", "newsletter", "case_review_page"
UNDATED_KINDS = frozenset({NEWSLETTER, CASE_REVIEW_PAGE})  # their period is null (LABELLING.md)
# An inspection report of children's services: its title, its dates line, its inspectors.
INSPECTION_SIGNALS = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"\binspection dates?\s*:",
        r"\b(re-?)?inspection of (services for children|.{0,80}?local authority children.s services)",
        r"\blead inspector\b",
        r"\bofsted\b",
        r"\b(his|her) majesty.s inspector\b",
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
COMMITTEE_SIGNALS = [
    re.compile(p, re.IGNORECASE | re.MULTILINE)
    for p in (
        r"^report title\b",
        r"^report of\b",
        r"^report author\b",
        r"^recommendations?(/s)?\s*:?\s*$",
        r"\breason(s|/s)? for (the )?recommendation",
        r"\bpurpose of (the |this )?report\b",
        r"\bfinancial implications\b",
        r"\blegal implications\b",
        r"\bkey decision\b",
        r"\bwards? affected\b",
        r"\bagenda item\b",
        r"\bbackground papers\b",
        r"\b(is|are) (requested|asked|recommended|invited) to (note|consider|approve|agree|endorse|comment)",
        r"\bdate of (the )?meeting\b",
        r"\bmeeting date\b",
        r"^report to\b",
        r"\bequality implications\b",
        # minutes and decision records
        r"^\W*resolved\b",
        r"\b(and|it was|committee|board|cabinet)\s+resolved\b",
        r"\bdecision status\b",
        r"\bdecision makers?\b",
        r"^present\s*:",
        r"\bapologies for absence\b",
        r"\bdeclarations? of (pecuniary )?interests?\b",
        r"\bminutes of the (previous |last )?meeting\b",
        r"\bcall-?in\b",
        r"^minutes\s*:",
        r"\breasons? for (the )?decisions?\b",
        r"\b(moved|proposed) by\b.{0,120}\bseconded by\b",
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
    headings = [text[b[1] : b[2]] for b in (doc._.blocks or []) if b[0] == "heading"][:SUMMARY_HEADINGS]
    opening = [text[b[1] : b[2]] for b in (doc._.blocks or [])[:OPENING_BLOCKS]]
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
