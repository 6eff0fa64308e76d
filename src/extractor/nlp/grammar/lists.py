"""List structure: the numbering and bullet markers that open list items and inline lists
("1.", "1.1", "(i)", "(a)", "a)", "iv.", bullets and private-use bullet glyphs).

One home for the question "does a list entry start here, and where does its text begin?",
asked by every component that reads lists (priorities, recommendations, reviews).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from ..textblocks import HEADING_KIND, LIST_KIND, TextBlock, sentences_in

NUMBERING = re.compile(r"^(\(?([ivx]{1,4}|[a-h]|\d{1,2})(\.\d{1,2})*[.)]?)$", re.I)
BULLETS = frozenset("•·●◦▪■□◼◻◆◇♦➢➤►▶✓✔*-–—o")
STRONG_BULLETS = frozenset("•●▪■◼◆♦➢➤►▶")
PRIVATE_USE = (0xE000, 0xF8FF)  # Symbol/Wingdings bullets of PDFs land here
PARAGRAPH_NUMBER_DIGITS = 3
OPEN = "("
CLOSE = ")"
INLINE_FOLLOWERS = ":;,"  # 'priorities: a) ..., b) ...' — an inline enumerator follows a space or one of these


def is_numbering(text: str) -> bool:
    """A token that numbers a list item: "(ii)", "3.", "b)", "1.2"; bare words such as "i" or "a" need a mark."""
    return bool(NUMBERING.match(text)) and any(c.isdigit() or c in "()." for c in text)


def is_bullet(text: str) -> bool:
    """A bullet glyph written as its own token: '•', '◼', a private-use glyph such as U+F06E."""
    return len(text) == 1 and (text in BULLETS or _private_use(text))


def enumerator_at(doc: Doc, i: int) -> bool:
    """'(i)', '(a)', '(2)' or 'ii)' opening a list entry, inline or at the start of a block."""
    token = doc[i]
    if token.text == OPEN and i + 2 < len(doc) and doc[i + 2].text == CLOSE:
        return bool(NUMBERING.match(doc[i + 1].lower_))
    if i + 1 < len(doc) and doc[i + 1].text == CLOSE and (i == 0 or doc[i - 1].text != OPEN):
        previous_ok = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].text in INLINE_FOLLOWERS
        return bool(NUMBERING.match(token.lower_)) and previous_ok
    return False


def numbered_start(doc: Doc, start: int, end: int) -> bool:
    """A block opening with a list number: '1.', '2)', '(iii)', '1.2', 'b.'."""
    if start >= end:
        return False
    if enumerator_at(doc, start):
        return True
    token = doc[start]
    if is_numbering(token.text):
        return True
    following = doc[start + 1].text if start + 1 < end else ""
    return following == "." and (bool(NUMBERING.match(token.lower_)) or _paragraph_number(token.text))


def _paragraph_number(text: str) -> bool:
    """'7', '107': the number of a numbered paragraph (reports run past 99), not a year."""
    return text.isdigit() and len(text) <= PARAGRAPH_NUMBER_DIGITS


def inline_bullets(doc: Doc, start: int, end: int) -> list[int]:
    """Bullet glyphs inside a block ('... services. ◼ The quality ...'): PDFs run several entries into
    one paragraph. Dashes and asterisks are not counted: inside prose they are punctuation."""
    return [i for i in range(start + 1, end) if doc[i].text in STRONG_BULLETS or _private_use(doc[i].text)]


def _private_use(text: str) -> bool:
    return len(text) == 1 and PRIVATE_USE[0] <= ord(text) <= PRIVATE_USE[1]


def skip_enumerator(doc: Doc, start: int, end: int) -> int:
    """The first token after a leading '(i)', 'a)', '1.', '1.2', 'iv.' or bullet of a list entry."""
    while start < end and is_bullet(doc[start].text) and start + 1 < end:
        start += 1
    if start < end and enumerator_at(doc, start):
        return start + (3 if doc[start].text == OPEN else 2)
    if (
        start + 2 < end
        and doc[start + 1].text == "."
        and (_paragraph_number(doc[start].text) or NUMBERING.match(doc[start].lower_) and (doc[start].is_upper or len(doc[start].text) > 1))
    ):
        return start + 2
    if start + 1 < end and is_numbering(doc[start].text):
        return start + 1
    return start


@dataclass(frozen=True)
class Entry:
    """One list entry read from blocks: its text's tokens and the blocks it took."""

    start: int
    end: int
    blocks: tuple[int, ...]


SENTENCE_ENDS = (".", "!", "?", ";", ":")
MAX_ENTRIES = 25
MAX_GAP_BLOCKS = 2  # paragraphs allowed between an announcing heading and its first entry


def list_entries(blocks: list[TextBlock], first: int, plain: bool = False, gap: int = 0) -> list[Entry]:
    """The entries of the list that starts at `blocks[first]`, up to the next heading.

    An entry is a list item, or a paragraph opening with a number or a bullet glyph (PDFs give
    bullets as paragraphs, and wrap an entry over several lines: a paragraph that does not end
    a sentence is continued by the next one). With `plain`, unmarked paragraphs are entries
    too (an inspection's improvement list); `gap` paragraphs may precede the first entry.
    An entry ends at the end of its first sentence: what follows in the block is prose."""
    entries: list[Entry] = []
    open_entry = any_marked = False
    for block in blocks[first:]:
        if block.kind == HEADING_KIND or len(entries) >= MAX_ENTRIES:
            break
        doc, span = block.span.doc, block.span
        marked = block.kind == LIST_KIND or numbered_start(doc, span.start, span.end) or is_bullet(span[0].text)
        if not marked and open_entry:
            previous = entries[-1]
            entries[-1] = Entry(previous.start, sentence_end(block, span.start), previous.blocks + (block.index,))
            open_entry = not _ends_sentence(doc, entries[-1].end)
            continue
        if not (marked or plain and not any_marked):
            if entries:
                break
            if gap <= 0:
                return []
            gap -= 1
            continue
        any_marked = any_marked or marked
        cuts = [span.start] + inline_bullets(doc, span.start, span.end) + [span.end]
        for a, b in zip(cuts, cuts[1:]):
            start = skip_enumerator(doc, a, b)
            if start >= b:
                continue
            end = min(sentence_end(block, start), b)
            entries.append(Entry(start, end, (block.index,)))
            open_entry = end == span.end and not _ends_sentence(doc, end)
    return entries


def sentence_end(block: TextBlock, start: int) -> int:
    """The end of the sentence of `block` in which `start` lies: where a list entry's text stops."""
    for sentence in sentences_in(block):
        if sentence.start <= start < sentence.end:
            return sentence.end
    return block.span.end


def _ends_sentence(doc: Doc, end: int) -> bool:
    return doc[end - 1].text.endswith(SENTENCE_ENDS)


def numbering_style(doc: Doc, start: int, end: int) -> str:
    """The shape of the marker opening a list entry ('(i)', '1.', 'a)', a bullet; '' for none).

    Blocks carry no nesting level, so a change of shape is where a nested list ends: the
    unnumbered entries under '(ii) That the following be endorsed:' stop at '(iii)'."""
    if start >= end:
        return ""
    if is_bullet(doc[start].text):
        return "bullet"
    if not numbered_start(doc, start, end):
        return ""
    marker = doc[start : skip_enumerator(doc, start, end)].text or doc[start].text
    marker = re.sub(r"\d+", "1", marker)
    marker = re.sub(r"(?i)\b[ivx]+\b", "i", marker)
    return re.sub(r"(?i)\b[a-h]\b", "a", marker)


def run_in_end(doc: Doc, start: int, end: int) -> int | None:
    """Where a list entry the parser ran into the next sentence stops: 'Young carers The Board will
    also ...' has lost its full stop, so a capitalised function word ('The', 'We', 'This') right
    after a lower-case word starts the next sentence. None when no such join is found."""
    for i in range(start + 2, end):
        token, previous = doc[i], doc[i - 1]
        if token.is_title and token.is_stop and previous.is_lower and previous.is_alpha and not previous.is_stop:
            return i
    return None
