"""Numbers that belong to the page, not the text: page numbers, contents-page numbers, numbers
in running headers and footers, and in-sentence list numbering ("(1) ... (2) ...").

Each test looks at the document's layout (blocks, cells, repetition), never at its wording, so
it holds whether or not the parser already removed the furniture. Each returns token indices
with the rule that drops them (`statistics.<rule>`, shown by `extractor show`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise

from spacy.tokens import Doc, Span

from ..textblocks import doc_blocks, doc_text
from ..tokens import token_table

PAGE_NUMBER_RE = r"^\d{1,3}$"  # a printed page number: a plain integer, no separators
DOT_LEADER_RE = r"^(\.{2,}|…+|\.(\s?\.)+)$"  # "......" / "…" between a contents entry and its page
CONTENTS_ENTRY_RE = r"(\.{3,}|…+)[ \t]*(\d{1,3})\b"  # the leader and the page number on its line
PAGE_NUMBER_OFFSET = 4  # printed page numbers run this far from the PDF's page index (covers, contents)
PAGE_STEP_MAX = 2  # page numbers rise by one (or two, past a page without one); figures jump
SEQUENCE_MIN = 3  # lone integers rising through a document this many times are page numbers
REPEAT_MIN = 3  # a block edge repeated this often (with any number) is a running header or footer
REPEAT_WINDOW = 6  # tokens of context compared at a block's edge
REPEAT_WORDS_MIN = 3  # the repeated context must have this many words (not just numbers)
CONTENTS_ROWS_MIN = 3
LIST_NUMBER_MAX = 30
LIST_MARK_RE = r"\((\d{1,2})\)"  # "(2)"
MIRROR_PAGE_RE = r"(?m)^Page (\d{1,3}):"  # a document-mirror transcript's "Page 3: <title> ..." line

PAGE_RULE = "statistics.page_number"
CONTENTS_RULE = "statistics.contents_page"
RUNNING_RULE = "statistics.running_header"
LIST_RULE = "statistics.list_number"


def furniture_tokens(doc: Doc) -> dict[int, str]:
    """Every token that is page furniture, with the rule that says so."""
    found: dict[int, str] = {}
    for rule, tokens in (
        (PAGE_RULE, page_numbers(doc)),
        (CONTENTS_RULE, contents_numbers(doc)),
        (RUNNING_RULE, running_numbers(doc)),
        (LIST_RULE, list_numbers(doc)),
        (PAGE_RULE, mirror_page_numbers(doc)),
    ):
        for i in tokens:
            found.setdefault(i, rule)
    return found


def _words(span: Span) -> list[int]:
    is_space = token_table(span.doc).is_space
    return [i for i in range(span.start, span.end) if not is_space[i]]


def page_numbers(doc: Doc) -> set[int]:
    """Blocks that are a lone integer: at the top or bottom of their page and close to its
    index, or (where pages are unknown, as in mirrored HTML) rising through the document."""
    found: set[int] = set()
    lone: list[tuple[int, int]] = []  # (token, value) of every lone-integer block, in order
    blocks = doc_blocks(doc)
    by_page: dict[int | None, list[int]] = defaultdict(list)
    for block in blocks:
        by_page[block.page].append(block.index)
    for block in blocks:
        words = _words(block.span)
        if len(words) != 1 or not re.match(PAGE_NUMBER_RE, doc[words[0]].text):
            continue
        token, value = words[0], int(doc[words[0]].text)
        lone.append((token, value))
        edges = by_page[block.page]
        at_edge = block.index in (edges[0], edges[-1])
        if block.page is not None and at_edge and abs(value - block.page) <= PAGE_NUMBER_OFFSET:
            found.add(token)
    found |= _rising(lone)
    found |= _rising(_lone_lines(doc))  # "2" alone on a line inside a block (mirrored pages)
    return found


def _lone_lines(doc: Doc) -> list[tuple[int, int]]:
    """(token, value) of every line of the text that is a lone integer, in order."""
    lone = []
    for match in re.finditer(r"(?m)^[ \t]*(\d{1,3})[ \t]*$", doc_text(doc)):
        span = doc.char_span(match.start(1), match.end(1))
        if span is not None and len(span) == 1:
            lone.append((span.start, int(match.group(1))))
    return lone


def _rising(lone: list[tuple[int, int]]) -> set[int]:
    """The longest run of lone integers rising a page at a time, if long enough to be page numbering."""
    best: list[int] = []
    run: list[tuple[int, int]] = []
    for token, value in lone:
        if run and not 0 < value - run[-1][1] <= PAGE_STEP_MAX:
            run = []
        run.append((token, value))
        if len(run) > len(best):
            best = [t for t, _ in run]
    return set(best) if len(best) >= SEQUENCE_MIN else set()


def contents_numbers(doc: Doc) -> set[int]:
    """Contents pages: a number after a dot leader ("Training ........ 6"), and two-column
    tables whose second column is small integers that never fall (entry | page)."""
    found: set[int] = set()
    for match in re.finditer(CONTENTS_ENTRY_RE, doc_text(doc)):
        number = doc.char_span(match.start(2), match.end(2))
        leader = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if number is not None and leader is not None:
            found.add(number.start)
            found |= _line_numbers(doc, leader.start)  # "6 Monitoring ...... 18": the chapter number too
    tables: dict[int, dict[int, dict[int, tuple[int, int]]]] = defaultdict(lambda: defaultdict(dict))
    for table, row, col, start, end in doc._.cells or []:
        tables[table][row][col] = (start, end)
    for rows in tables.values():
        found |= _contents_table(doc, rows)
    return found


def _line_numbers(doc: Doc, end: int) -> set[int]:
    """Numbers on the same line before token `end` (back to a line break or another leader)."""
    found: set[int] = set()
    i = end - 1
    while i >= 0 and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_ and not re.match(DOT_LEADER_RE, doc[i].text):
        if doc[i].like_num:
            found.add(i)
        i -= 1
    return found


def _contents_table(doc: Doc, rows: dict[int, dict[int, tuple[int, int]]]) -> set[int]:
    if len(rows) < CONTENTS_ROWS_MIN or any(set(cells) != {0, 1} for cells in rows.values()):
        return set()
    pages: list[int] = []
    for row in sorted(rows):
        span = doc.char_span(*rows[row][1], alignment_mode="expand")
        words = _words(span) if span is not None else []
        if len(words) != 1 or not re.match(PAGE_NUMBER_RE, doc[words[0]].text):
            if row == min(rows):
                continue  # a header row ("Contents | Page")
            return set()
        pages.append(words[0])
    values = [int(doc[i].text) for i in pages]
    rising = len(values) >= CONTENTS_ROWS_MIN and all(a <= b for a, b in pairwise(values)) and values[0] < values[-1]
    return set(pages) if rising else set()


def running_numbers(doc: Doc) -> set[int]:
    """A number opening or closing a block whose neighbouring words recur at the edge of other
    blocks ("3 Quality and Safeguarding Service, ..." on every page): a running header/footer."""
    openings: dict[str, list[int]] = defaultdict(list)
    closings: dict[str, list[int]] = defaultdict(list)
    for block in doc_blocks(doc):
        words = _words(block.span)
        if len(words) < 2:
            continue
        first, last = doc[words[0]], doc[words[-1]]
        if first.like_num:
            key = _context(doc, words[1 : 1 + REPEAT_WINDOW])
            if key:
                openings[key].append(first.i)
        if last.like_num:
            key = _context(doc, words[-1 - REPEAT_WINDOW : -1])
            if key:
                closings[key].append(last.i)
    found: set[int] = set()
    for groups in (openings, closings):
        for tokens in groups.values():
            if len(tokens) >= REPEAT_MIN:
                found.update(tokens)
    return found


def _context(doc: Doc, indices: list[int]) -> str | None:
    """The words next to a block-edge number, digits folded, or None if they are not words."""
    tokens = [doc[i] for i in indices]
    if sum(t.is_alpha for t in tokens) < REPEAT_WORDS_MIN:
        return None
    return " ".join(re.sub(r"\d+", "#", t.lower_) for t in tokens)


def list_numbers(doc: Doc) -> set[int]:
    """ "(1) background; (2) why it matters; (3) ...": bracketed numbers counting up from one
    inside a sentence number its items, they count nothing."""
    found: set[int] = set()
    marks: list[tuple[int, int, int]] = []  # (sentence start, value, token)
    for match in re.finditer(LIST_MARK_RE, doc_text(doc)):
        span = doc.char_span(match.start(1), match.end(1))
        if span is not None and len(span) == 1:
            marks.append((doc[span.start].sent.start, int(match.group(1)), span.start))
    by_sentence: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for sentence, value, token in marks:
        by_sentence[sentence].append((value, token))
    for items in by_sentence.values():
        values = [value for value, _ in items]
        if len(values) >= 2 and values[0] <= 1 and values == list(range(values[0], values[0] + len(values))):
            found.update(token for value, token in items if value <= LIST_NUMBER_MAX)
    return found


def mirror_page_numbers(doc: Doc) -> set[int]:
    """Document-mirror transcripts ("Page 3: <title> ..." before each page's text): the number
    ending a page's text just before the next page's line is that page's printed number, and a
    lone integer before the first page is the mirror's page count."""
    marks = [(m.start(), int(m.group(1))) for m in re.finditer(MIRROR_PAGE_RE, doc_text(doc))]
    if len(marks) < SEQUENCE_MIN:
        return set()
    found: set[int] = set()
    for start, page in marks:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        i = span.start - 1 if span is not None else -1
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i >= 0 and doc[i].text == str(page - 1):
            found.add(i)
    for block in doc_blocks(doc):
        if block.span.start_char >= marks[0][0]:
            break
        words = _words(block.span)
        if len(words) == 1 and re.match(PAGE_NUMBER_RE, doc[words[0]].text):
            found.add(words[0])
    return found
