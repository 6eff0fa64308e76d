"""Token-level exclusions: numbers that are dates, ages, durations, references, phone numbers,
file sizes, rate bases, list and paragraph numbers (a Matcher plus a few document-level tests)."""

from __future__ import annotations

import re
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from .. import extensions  # noqa: F401  (declares span._.fact, doc._.blocks)
from ..grammar.numbers import DIGITS_RE, NUMBER_WORDS, _is_numeric, _qualifier_word
from ..grammar.periods import MONTHS
from ..matching import LexicalMatcher
from ..tokens import token_table
from .vocabulary import (
    AGE_FOLLOWERS,
    AGE_GROUPS,
    AGE_WORDS,
    CALL_WORDS,
    CHILD_AGE_RE,
    CLOCK_WORDS,
    COUNTER_CONTINUATIONS,
    COUNTER_WORDS,
    DISTANCE_UNITS,
    DURATION_MODIFIERS,
    EMERGENCY_NUMBERS,
    FILE_UNITS,
    FRACTION_PART_EXCLUSION,
    FUNCTION_WORDS,
    IRREGULAR_PLURALS,
    LABEL_NOUNS,
    MIXED_FRACTIONS,
    MIXED_NUMERATORS,
    NUMBER_CONNECTORS,
    NUMBERED_NAMES,
    PAGE_UNITS,
    PROFILE_NOUNS,
    RANGE_DASHES,
    STREET_WORDS,
    TARGET_LINKS,
    TARGET_WORDS,
    TIME_UNITS,
    YEAR_MAX,
    YEAR_MIN,
    YEAR_PRECEDERS,
)


def _exclusion_matcher(vocab: Any) -> Matcher:
    num = {"TEXT": {"REGEX": DIGITS_RE}}
    any_num = {"TEXT": {"REGEX": DIGITS_RE + r"|^(" + "|".join(NUMBER_WORDS) + r")$"}}
    word_num = {"LOWER": {"IN": sorted(NUMBER_WORDS)}}
    hyphen = {"ORTH": "-", "OP": "?"}
    month = {"LOWER": {"IN": sorted(MONTHS)}, "IS_LOWER": False}
    day = {"TEXT": {"REGEX": r"^([1-9]|[12]\d|3[01])(st|nd|rd|th)?$"}}
    time_unit = {"LOWER": {"IN": TIME_UNITS}}
    # "and a half", "-and-a-half": the hyphens of "six-and-a-half-year-old" are tokens of their own
    mixed: list[dict[str, Any]] = [hyphen, {"LOWER": "and"}, hyphen, {"LOWER": {"IN": MIXED_NUMERATORS}}, hyphen, {"LOWER": {"IN": MIXED_FRACTIONS}}]
    patterns: dict[str, list[list[dict[str, Any]]]] = {
        "DATE": [[day, {"LOWER": "of", "OP": "?"}, month], [month, day]],
        "RANGE": [
            [num, {"ORTH": {"IN": RANGE_DASHES}}, num],
            [num, {"TEXT": {"REGEX": r"^[-–—]\d+$"}}],
            [{"TEXT": {"REGEX": r"^\d+/\d+$"}}],
        ],
        "DURATION": [
            [num, hyphen, time_unit],
            [word_num, hyphen, time_unit],
            [num, {"LOWER": {"IN": DURATION_MODIFIERS}}, time_unit],
            [word_num, {"LOWER": {"IN": DURATION_MODIFIERS}}, time_unit],
            [num, {"IS_TITLE": True}, time_unit],
        ],
        "AGE": [
            [
                {"LOWER": {"IN": AGE_WORDS}},
                {"LOWER": {"IN": ["of", "under", "over", "between", "from", "up"]}, "OP": "?"},
                {"LOWER": "to", "OP": "?"},
                any_num,
            ],
            [{"LOWER": {"IN": AGE_GROUPS}}, {"LOWER": {"IN": ["under", "over", "aged"]}}, any_num],
        ],
        "LABELLED": [
            [{"LOWER": {"IN": LABEL_NOUNS}}, {"ORTH": {"IN": [".", ":", "#"]}, "OP": "?"}, num],
            [{"TEXT": {"IN": ["Year", "Years"]}}, num],
            [{"LOWER": "key"}, {"LOWER": "stage"}, num],
        ],
        "NAMED": [[{"LOWER": {"IN": NUMBERED_NAMES}}, {"ORTH": {"IN": ["-", "–"]}, "OP": "?"}, num]],
        "MIXED_TIME": [[any_num, hyphen, *mixed, hyphen, time_unit]],
        "MIXED_AGE": [[{"LOWER": {"IN": AGE_WORDS}}, any_num, *mixed]],
        FRACTION_PART_EXCLUSION: [[any_num, *mixed]],
        "PHONE": [
            [{"TEXT": {"REGEX": r"^0\d{2,5}$"}}, {"TEXT": {"REGEX": r"^\d{2,8}$"}, "OP": "+"}],
            [{"TEXT": {"REGEX": r"^\+\d{1,3}$"}}, {"TEXT": {"REGEX": r"^\(?\d+\)?$"}, "OP": "+"}],
        ],
        "FILE": [
            [num, {"LOWER": {"IN": FILE_UNITS}}],
            [{"LOWER": {"IN": ["pdf", "docx", "doc", "word", "xlsx", "size"]}}, {"ORTH": {"IN": [",", ":"]}, "OP": "?"}, num],
        ],
        "PAGES": [[any_num, hyphen, {"LOWER": {"IN": PAGE_UNITS}}]],
        "TOP": [[{"LOWER": "top"}, any_num]],
        "DISTANCE": [[any_num, hyphen, {"LOWER": {"IN": DISTANCE_UNITS}}]],
        # the board's own meetings ("meets four times a year", "the six Board meetings"): README,
        # board meeting counts are not labelled; "45 strategy meetings" held on cases still count
        "MEETINGS": [
            [{"LOWER": {"IN": ["meet", "meets", "met"]}}, any_num, {"LOWER": "times"}],
            [any_num, {"IS_TITLE": True}, {"LOWER": "meetings"}],
        ],
        "TARGET": [
            [
                {"LOWER": {"IN": sorted(TARGET_WORDS)}},
                {"LOWER": {"IN": TARGET_LINKS}, "OP": "*"},
                {"LOWER": {"IN": ["least", "most", "a", "an", "the"]}, "OP": "*"},
                any_num,
            ],
            [num, {"ORTH": "%", "OP": "?"}, {"LOWER": {"IN": sorted(TARGET_WORDS)}}],
        ],
        "PER_BASE": [[{"LOWER": "per"}, num]],
        "PROFILE_BASE": [
            [{"LOWER": {"IN": ["group", "village", "class", "room"]}}, {"LOWER": "of"}, {"ORTH": "100"}],
            [{"LOWER": {"IN": ["had", "of", "were", "was", "has", "have"]}}, {"ORTH": "100"}, {"LOWER": {"IN": PROFILE_NOUNS}}],
        ],
        "CLOCK": [[num, {"LOWER": {"IN": CLOCK_WORDS}}], [num, {"ORTH": ":"}, num]],
        "PERCENT_TOTAL": [
            [{"LOWER": {"IN": ["add", "adds", "sum", "sums", "total", "totals"]}}, {"LOWER": "up", "OP": "?"}, {"LOWER": "to"}, {"TEXT": "100"}]
        ],
        "COUNTER": [[num, {"LOWER": {"IN": COUNTER_WORDS}}], [{"LOWER": {"IN": COUNTER_WORDS}}, {"ORTH": ":", "OP": "?"}, num]],
        "DENOMINATOR": [[num, {"LOWER": "of"}, {"LOWER": {"IN": ["the", "all", "a", "an"]}, "OP": "?"}, num]],
        "ADDRESS": [[num, {"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": STREET_WORDS}, "IS_TITLE": True}]],
        "EMERGENCY_NUMBER": [[{"LOWER": {"IN": CALL_WORDS}}, {"ORTH": {"IN": [",", "on"]}, "OP": "?"}, {"TEXT": {"IN": EMERGENCY_NUMBERS}}]],
        # after a name ("Tomas, 14, had ...", "Priya was 15 when ..."): the name is checked in `_after_name`
        "AGE_OF_NAMED_CHILD": [
            [{"ORTH": ","}, {"TEXT": {"REGEX": CHILD_AGE_RE}}, {"ORTH": ","}],
            [{"LOWER": {"IN": ["was", "is", "aged"]}}, {"TEXT": {"REGEX": CHILD_AGE_RE}}, {"LOWER": {"IN": AGE_FOLLOWERS}}],
        ],
        "HALF_TIME": [[{"LOWER": {"IN": ["a", "one"]}, "OP": "?"}, {"LOWER": {"IN": ["half", "quarter"]}}, hyphen, time_unit]],
        # "COVID-19", "Catch-22", "a 10-point plan": a number fused into a word by a hyphen
        "COMPOUND": [
            [{"IS_ALPHA": True, "SPACY": False}, {"ORTH": "-", "SPACY": False}, num],
            [num, {"ORTH": "-", "SPACY": False}, {"IS_ALPHA": True}],
        ],
    }
    matcher = LexicalMatcher(vocab)
    for name, pattern_list in patterns.items():
        matcher.add(name, pattern_list)
    return matcher


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
    ("3.1 The partners ...", "2.4 118 checks were ...") or, in a heading, any number ("3
    Background") before a capital."""
    found = set()
    for kind, start_char, end_char, _page in doc._.blocks or []:
        span = doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) < 2:
            continue
        token, following = span[0], span[1]
        if token.text == "(" and len(span) > 2 and span[1].text.isdigit() and span[2].text == ")":
            found.add(span[1].i)  # "(2) consider how ...": a numbered resolution or list item
            continue
        if not re.match(DIGITS_RE, token.text):
            continue
        decimal = "." in token.text and "," not in token.text
        capitalised = following.text[:1].isupper() and following.is_alpha
        # "2.3 94% of staff ...", "2.4 118 checks": a paragraph opening with a figure (not a row of figures)
        numbered = decimal and re.match(DIGITS_RE, following.text) is not None and len(span) > 2 and not _is_numeric(span[2])
        if following.text in {".", ")"} or numbered or (capitalised and (decimal or kind == "heading")):
            found.add(token.i)
    # "... Council 4.6 The LADO considers": a section number glued into the text (mirrors, PDF
    # columns), a short decimal before a capitalised word and after no word it could complete
    texts = token_table(doc).text
    found |= {i for i, text in enumerate(texts) if SECTION_NUMBER.match(text) and _glued_section_number(doc, doc[i])}
    # "1.2<tab>Measure ...": a decimal reference number opening a tab-separated row
    found |= {i for i, text in enumerate(texts) if DECIMAL.match(text) and _before_tab(doc, doc[i])}
    return found


def _propagate(doc: Doc, seeds: dict[int, str]) -> dict[int, str]:
    """Numbers joined to an excluded number take its rule ("Section 11 and 175", "aged 10 to
    17", "on 9 and 16 May")."""
    found = dict(seeds)
    changed = True
    while changed:
        changed = False
        for i, rule in list(found.items()):
            for step in (-2, 2):
                j, between = i + step, i + step // 2
                if 0 <= j < len(doc) and j not in found and _is_numeric(doc[j]) and doc[between].lower_ in NUMBER_CONNECTORS:
                    found[j] = rule
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
        found |= _clause_numbers(doc, doc[base + 1 : sentence.end])
        for following in sentences[index + 1 :]:
            if following[0].is_space:
                continue
            clause = _clause_numbers(doc, following)
            if not clause or min(clause) > _first_word(following) + 2:
                break
            found |= clause
    return found


def _names_profile(sentence: Span) -> bool:
    lower = token_table(sentence.doc).lower[sentence.start : sentence.end]
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


def _plural_noun(token: Token) -> bool:
    """Without a tagger: a word that looks like a plural noun ("hubs", "reviews", "children")."""
    lower = token.lower_
    if not token.is_alpha or lower in FUNCTION_WORDS:
        return False
    return lower in IRREGULAR_PLURALS or (lower.endswith("s") and not lower.endswith("ss"))


def _counter_alone(doc: Doc, start: int, end: int) -> bool:
    """A site's view/download counter stands alone ("2 views", "· 112 views", "Download 0"): no
    word before it that it could be the object of, nothing after that it is a count of."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    if before is not None and before.is_alpha and not before.is_title:
        return False  # "the film had 3,400 views"
    return after is None or after.lower_ not in COUNTER_CONTINUATIONS


def _after_name(doc: Doc, start: int) -> bool:
    """The token before `start` is a capitalised name, not the sentence's first word by chance."""
    return start > 0 and doc[start - 1].is_title and doc[start - 1].is_alpha


SECTION_NUMBER = re.compile(r"^\d{1,2}\.\d{1,2}$")
DECIMAL = re.compile(r"^\d+\.\d+$")


def _glued_section_number(doc: Doc, token: Token) -> bool:
    if not SECTION_NUMBER.match(token.text) or token.i + 1 >= len(doc) or token.i == 0:
        return False
    following, previous = doc[token.i + 1], doc[token.i - 1]
    return following.is_title and following.is_alpha and not (previous.is_alpha and previous.is_lower)


def _before_tab(doc: Doc, token: Token) -> bool:
    """A tab follows the number (in its trailing space or as the next space token) and then a word."""
    j = token.i + 1
    if "\t" not in token.whitespace_:
        if j >= len(doc) or not doc[j].is_space or "\t" not in doc[j].text:
            return False
        j += 1
    return j < len(doc) and not doc[j].like_num and not doc[j].is_punct


def _item_numbers(doc: Doc, file_tokens: set[int]) -> set[int]:
    """ "5 Annual report of the partnership PDF 96 KB": the number opening a line that ends by
    giving a document's file size is an agenda or list item's number (committee pages list
    their papers so), not a count."""
    found: set[int] = set()
    for i in sorted(file_tokens):
        start = i
        while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        first = doc[start]
        if first.i not in file_tokens and re.match(r"^\d{1,3}\.?$", first.text):
            found.add(first.i)
    return found
