"""What a number counts (`label`) and the period it is for (`stat_period`)."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Doc, Span, Token

from ..grammar.numbers import (
    FRACTION,
    GBP,
    MONEY_SCALES,
    PERCENT,
    _qualifier_word,
)
from ..textblocks import HEADING_KIND, block_of, doc_blocks
from .exclusions import _first_word
from .quantities import Quantity
from .vocabulary import (
    CLAUSE_JOINERS,
    COPULAS,
    LABEL_COLONS,
    LABEL_MAX_TOKENS,
    LABEL_STOP_PUNCT,
    LABEL_STOP_WORDS,
    LABEL_TRIM,
    LEADING_CONJUNCTIONS,
    LEADING_DETERMINERS,
    NUMBER_CONNECTORS,
    PAREN_GAP,
    PER_ITEM_WORDS,
    PERIOD_FOLLOW_WINDOW,
    PERIOD_PREPOSITIONS,
    PRESENT_TIME_WORDS,
    PRESENT_VERBS,
    PRICE_VERBS,
    RELATIVE_TIME_WORDS,
    SUBORDINATORS,
    TIME_PREPOSITIONS,
    TIME_UNITS,
)


def describe(
    doc: Doc,
    sentence: Span,
    quantity: Quantity,
    earlier: list[Quantity],
    stops: set[int],
    excluded: Container[int],
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
    per_item = money_preposition and span is not None and doc[span[0]].lower_ in PER_ITEM_WORDS  # "£25 per delegate", "£250 each"
    verbs = COPULAS | PRICE_VERBS if per_item else COPULAS
    before = _label_before(doc, sentence, quantity, stops, verbs) if span is None or money_preposition else None
    if before is not None:
        if per_item and span is not None:
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
    return (
        bool(words)
        and any(t.like_num for t in words)
        and all(t.like_num or t.is_punct or t.text in {"£", "%"} or t.lower_ in MONEY_SCALES for t in words)
    )


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


def _label_after(doc: Doc, sentence: Span, quantity: Quantity, stops: set[int], excluded: Container[int]) -> tuple[int, int] | None:
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
    """ "3,456 (24%) progressed to referral": the label continues after the bracketed figure."""
    if i >= sentence.end or doc[i].text != "(":
        return i
    j = i + 1
    while j < sentence.end and j - i <= PAREN_GAP + 2 and doc[j].text != ")":
        if j not in stops:
            return i
        j += 1
    return j + 1 if j < sentence.end and doc[j].text == ")" else i


def _relative_time(doc: Doc, i: int, end: int) -> bool:
    """ "this year", "the previous year", "each month": a time phrase, never what is counted."""
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


def _label_before(doc: Doc, sentence: Span, quantity: Quantity, stops: set[int], verbs: frozenset[str] = COPULAS) -> tuple[int, int] | None:
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
    before = [p for p in periods if p.end <= quantity.start and not any(t.text == ";" for t in doc[p.end : quantity.start])]
    if before and not quantity.comparison:
        period = before[-1]
        if not _in_opening_subordinate(doc, sentence, period) and not _present_clause(doc, period.end, quantity.start):
            return _period_text(doc, period)
    for period in periods:
        if period.start >= quantity.end and period.start - quantity.end <= PERIOD_FOLLOW_WINDOW:
            between = doc[quantity.end : period.start]
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
    return joiner is not None and any(w in PRESENT_VERBS for w in words[joiner + 1 :])


def _in_opening_subordinate(doc: Doc, sentence: Span, period: Span) -> bool:
    first = _first_word(sentence)
    return doc[first].lower_ in SUBORDINATORS and period.start > first + 1


def _period_text(doc: Doc, period: Span) -> str:
    if period.start > 0 and doc[period.start - 1].lower_ == "since":
        return doc[period.start - 1 : period.end].text
    return period.text
