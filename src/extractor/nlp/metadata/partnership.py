"""Which partnership a document is by or about, read from its text and its title.

The name is the run of capitalised words (the area) in front of "Safeguarding Children
Partnership/Board" or a variant, so the rules carry over to any English partnership. A web
page's title names its site ("Page | X Safeguarding Children Partnership"): the site is who
publishes the page, so it decides between the areas the text names (a newsletter may name a
neighbouring partnership's review more often than its own name).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..matching import LexicalMatcher
from ..tokens import token_table

AREA_MAX_TOKENS = 6
MIN_INITIALS = 3  # "NBSCP", "WSCP"; shorter runs of capitals are too often something else
BARE_ABBREVIATION = re.compile(r"^(LSCB|LSCP|SCB|SCP)$")
ABBREVIATION_RE = re.compile(r"^[A-Z][A-Za-z]{1,7}$")
# Between a page's own title and its site name: "Page | Site", "Page – Site", "Site - Page".
TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
SMALL_WORDS = frozenset({"and", "of", "the", "for", "on", "upon", "in", "to", "a"})


@dataclass
class PartnershipMention:
    name: str
    area: str
    cased: bool  # written in mixed case (preferred as the canonical form)


class PartnershipFinder:
    """The partnership named by a document, from the vocabulary in `data/metadata.json`."""

    def __init__(self, vocab: Any, words: dict[str, Any]) -> None:
        self.primary = _matcher(vocab, words["partnership_patterns"])
        self.fallback = _matcher(vocab, words["fallback_partnership_patterns"])
        self.site = _matcher(vocab, words["partnership_patterns"] + words["fallback_partnership_patterns"] + words["site_patterns"])
        self.connectors = frozenset(words["area_connectors"])
        self.not_area = frozenset(words["not_area"]) | self.connectors
        self.initials_skip = frozenset(words["initials_skip"])

    def find(self, doc: Doc, title: Doc | None, make_doc: Any) -> tuple[str | None, str | None]:
        """(name, area): the site's partnership if the title names one, else the most often named
        area (abbreviations included); 'the LSCB' as written when nothing fuller is named."""
        site = self.site_mention(title, make_doc)
        mentions = self.mentions(self.primary, doc, title) or self.mentions(self.fallback, doc, title)
        if site is not None:
            chosen = [m for m, _ in mentions if m.area.lower() == site.area.lower()] or [site]
        elif mentions:
            chosen = self._most_named(doc, mentions)
        else:
            return bare_abbreviation(doc), None
        cased = [m for m in chosen if m.cased] or chosen
        name = Counter(m.name for m in cased).most_common(1)[0][0]
        area = Counter(m.area for m in cased).most_common(1)[0][0]
        if not any(m.cased for m in chosen):
            name, area = smart_title(name), smart_title(area)
        return name, area

    def site_mention(self, title: Doc | None, make_doc: Any) -> PartnershipMention | None:
        """A part of the page title that is nothing but a partnership's name ("7 minute briefings |
        Upton Safeguarding Children Partnership"), when the title has several parts."""
        if title is None:
            return None
        parts = [p.strip() for p in TITLE_SEPARATOR.split(title.text) if p.strip()]
        if len(parts) < 2:
            return None
        for part in reversed(parts):  # the site name usually comes last
            part_doc = make_doc(part)
            for span in filter_spans([part_doc[s:e] for _, s, e in self.site(part_doc)]):
                mention = self._mention(part_doc, span)
                if mention is not None and span.end == len(part_doc) and mention.name == part_doc.text:
                    return mention
        return None

    def mentions(self, matcher: Matcher, doc: Doc, title: Doc | None) -> list[tuple[PartnershipMention, str | None]]:
        """Every named partnership in the title and the text, with the abbreviation defined after it
        ("... Partnership (WSCP)"); the text's first, so that its spelling wins a tie with the title's."""
        found = []
        for source in (d for d in (doc, title) if d is not None):
            for span in filter_spans([source[s:e] for _, s, e in matcher(source)]):
                mention = self._mention(source, span)
                if mention is not None:
                    found.append((mention, _abbreviation_after(source, span.end)))
        return found

    def _most_named(self, doc: Doc, mentions: list[tuple[PartnershipMention, str | None]]) -> list[PartnershipMention]:
        """The mentions of the area named most often. A name's abbreviation counts for it: one
        defined in brackets, or the name's initials ("NBSCP"), since reports mostly use the short form."""
        votes: Counter[str] = Counter(m.area.lower() for m, _ in mentions)
        short_forms: dict[str, str] = {}
        for mention, defined in mentions:
            for abbreviation in (defined, self.initials(mention.name)):
                if abbreviation:
                    short_forms.setdefault(abbreviation, mention.area.lower())
        tokens = Counter(token_table(doc).text)
        for abbreviation, area in short_forms.items():
            votes[area] += tokens[abbreviation]
        area_key = votes.most_common(1)[0][0]
        return [m for m, _ in mentions if m.area.lower() == area_key]

    def initials(self, name: str) -> str | None:
        """'Upton and Hale Safeguarding Children Partnership' -> 'UHSCP'."""
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in self.initials_skip]
        if any(w.isupper() and len(w) > 1 for w in words):  # "Upton LSCB": the name holds its abbreviation
            return None
        letters = "".join(w[0].upper() for w in words if w[0].isalpha())
        return letters if len(letters) >= MIN_INITIALS else None

    def _mention(self, doc: Doc, span: Span) -> PartnershipMention | None:
        area_tokens = self._area_before(doc, span.start)
        if not area_tokens:
            return None
        start = area_tokens[0].i
        name = _join(list(doc[start : span.end]))
        area = _join(area_tokens)
        cased = any(t.is_title for t in doc[start : span.end])  # "Worthing LSCB" is cased, "KENT SAFEGUARDING ..." is not
        return PartnershipMention(name, area, cased)

    def _area_before(self, doc: Doc, end: int) -> list[Any]:
        """Capitalised words (with "and", "of", "upon", hyphens) right before the name."""
        tokens: list[Any] = []
        i = end - 1
        while i >= 0 and len(tokens) < AREA_MAX_TOKENS:
            token = doc[i]
            capitalised = token.is_title or (token.is_upper and token.is_alpha)
            if capitalised or (token.lower_ in self.connectors and tokens):
                tokens.insert(0, token)
                i -= 1
                continue
            break
        while tokens and tokens[0].lower_ in self.not_area:
            tokens.pop(0)
        while tokens and tokens[-1].lower_ in self.not_area:
            tokens.pop()
        return tokens


def _matcher(vocab: Any, patterns: list[list[dict[str, Any]]]) -> Matcher:
    matcher = LexicalMatcher(vocab)
    matcher.add("PARTNERSHIP", patterns)
    return matcher


def bare_abbreviation(doc: Doc) -> str | None:
    """'the LSCB' as written, for a text that never names the partnership more fully."""
    tokens = token_table(doc)
    for i, text in enumerate(tokens.text):
        if BARE_ABBREVIATION.match(text):
            start = i - 1 if i and tokens.lower[i - 1] == "the" else i
            return doc[start : i + 1].text
    return None


def _abbreviation_after(doc: Doc, end: int) -> str | None:
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        text = doc[end + 1].text
        if ABBREVIATION_RE.match(text) and sum(c.isupper() for c in text) >= 2:
            return text
    return None


def _join(tokens: list[Any]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


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
