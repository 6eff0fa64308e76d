"""Reading order for PDF pages: recursive XY-cut over word boxes, then lines, then blocks.

A page is cut at white strips that run the full height of a region (columns) before strips
that run its full width (rows), so a sentence is never interleaved with the column beside it.
Tolerances are in PDF points and named here so they can be tuned in one place.
"""

from __future__ import annotations

import functools
import re
import statistics
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from . import hyphens

COLUMN_GAP = 8.0  # a white strip at least this wide, spanning a region's height, separates columns ...
MIN_COLUMN_LINES = 3  # ... when the region is at least this many lines tall (justified text aligns by chance on two)
WIDE_GAP = 24.0  # a strip this wide separates columns however short the region
GUTTER_RATIO = 1.3  # a gutter is this much wider than the word spaces of the lines crossing it
MIN_COLUMN_WIDTH = 90.0  # narrower strips of words (paragraph numbers, labels, justified gaps) are not columns
MIN_LINE_OVERLAP = 0.5  # share of the smaller height two words must overlap vertically to share a line
PARAGRAPH_GAP = 0.75  # a vertical gap above this share of the line height starts a new block
HEADING_SIZE_RATIO = 1.15  # text this much larger than the body size is a heading
MAX_HEADING_WORDS = 14
INDENT_TOLERANCE = 4.0
# how far the lines of a numbered paragraph may sit right of its number (a 3-digit number pushes
# its text past the tab stop, to about 43 pt)
HANGING_INDENT = 60.0

PRIVATE_USE_GLYPHS = "".join(map(chr, range(0xF000, 0xF100)))  # Symbol/Wingdings glyphs of fonts without a Unicode map
SHAPE_BULLETS = "•●○◦▪▫■□◼◻◾◽◆◇♦❖➢➤►▶▸‣⁃∙✓✔✗✘❑❒➔→⦁"  # shapes, arrows and ticks set as bullets
BULLETS = frozenset(SHAPE_BULLETS + PRIVATE_USE_GLYPHS + "›»-–—*")
GLUED_BULLETS = frozenset(SHAPE_BULLETS + PRIVATE_USE_GLYPHS)  # bullets even when no space follows them
CID = re.compile(r"\(cid:\d+\)")
GLYPH = re.compile(r"[\uf000-\uf0ff]|\(cid:\d+\)")  # glyphs with no meaning as text wherever they fall
LONE_GLYPH = re.compile(r"(?<!\S)(?:[\uf000-\uf0ff]|\(cid:\d+\))(?!\S)")
LIGATURES = {"\uf001": "fi", "\uf002": "fl"}  # the private-use codes some fonts give their ligatures

NUMBERED = re.compile(r"^((\d{1,3}(\.\d{1,2})*\.|\(\w{1,3}\))(\s|$|(?=[A-Z]))|\d{1,3}(\.\d{1,2})*(\s+(?=[A-Z])|$))")

LINE_END_WORD = re.compile(r"(\S*?)([^\W\d_]+)-")  # a word broken by a hyphen at a line end: its head and its last letters

T_box = dict[str, Any]
_Coordinate = Callable[[Mapping[str, Any]], float]
_X0: _Coordinate = itemgetter("x0")
_X1: _Coordinate = itemgetter("x1")
_TOP: _Coordinate = itemgetter("top")
_BOTTOM: _Coordinate = itemgetter("bottom")


@dataclass
class Line:
    words: list[T_box]
    page: int

    @property
    def top(self) -> float:
        return min(map(_TOP, self.words))

    @property
    def bottom(self) -> float:
        return max(map(_BOTTOM, self.words))

    @property
    def x0(self) -> float:
        return min(map(_X0, self.words))

    @property
    def x1(self) -> float:
        return max(map(_X1, self.words))

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def size(self) -> float:
        return max(float(w.get("size") or 0.0) for w in self.words)

    @property
    def bold(self) -> bool:
        """Mostly bold: a plain list number before bold text does not make the line plain."""
        return 2 * sum(_is_bold(w.get("fontname", "")) for w in self.words) > len(self.words)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    def settled(self) -> TextLine:
        """The line without its word boxes, once the page is laid out."""
        return TextLine(
            self.page,
            self.text,
            self.top,
            self.bottom,
            self.x0,
            self.x1,
            tuple(float(w.get("size") or 0.0) for w in self.words),
            self.bold,
            self.words[0].get("text_x0") or (self.words[1]["x0"] if len(self.words) > 1 else self.x0),
        )


@dataclass(frozen=True, slots=True)
class TextLine:
    """A laid-out line reduced to what building blocks needs: a long document holds its text and
    one size per word, not every word's box, until its running headers are known."""

    page: int
    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    sizes: tuple[float, ...]  # each word's font size, left to right
    bold: bool
    text_x0: float = 0.0  # where the second word starts: the text after a list number or bullet

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def size(self) -> float:
        return max(self.sizes)


@dataclass
class LayoutBlock:
    kind: str
    lines: list[TextLine] = field(default_factory=list)
    table: Any = None  # a table payload from the PDF parser, for kind == "table"

    @property
    def top(self) -> float:
        return self.lines[0].top if self.lines else 0.0


@functools.lru_cache(maxsize=1024)  # a document uses a few fonts for hundreds of thousands of words
def _is_bold(fontname: str) -> bool:
    name = fontname.lower()
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold"))


def clean_cell(text: str) -> str:
    """A table cell's text: a glyph standing alone is a bullet inside the cell, others are noise."""
    for code, letters in LIGATURES.items():
        text = text.replace(code, letters)
    return GLYPH.sub("", LONE_GLYPH.sub("•", text))


def clean_word(text: str, at_line_start: bool) -> str:
    """Unmapped glyphs ('(cid:N)', private-use Symbol/Wingdings codes) and shapes at a line start
    are bullets, shown as '•'; unmapped glyphs elsewhere are noise."""
    for code, letters in LIGATURES.items():
        text = text.replace(code, letters)
    if at_line_start and text[:1] in GLUED_BULLETS or at_line_start and CID.match(text):
        head = CID.match(text)
        rest = text[head.end() if head else 1 :]
        return "•" + (" " + GLYPH.sub("", rest) if rest else "")
    return GLYPH.sub("", text)


def _gaps(boxes: Sequence[T_box], lo: str, hi: str, min_gap: float) -> list[tuple[float, float]]:
    """White strips (start, end) at least `min_gap` wide between the boxes' projections."""
    spans = sorted(map(itemgetter(lo, hi), boxes))
    gaps = []
    reach = spans[0][1]
    for start, end in spans[1:]:
        if start - reach >= min_gap:
            gaps.append((reach, start))
        if end > reach:
            reach = end
    return gaps


def _wide_columns(boxes: Sequence[T_box], gaps: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Drop gutters that would cut off a strip narrower than MIN_COLUMN_WIDTH."""
    if not gaps:
        return gaps
    left, right = min(map(_X0, boxes)), max(map(_X1, boxes))
    gaps = list(gaps)
    while gaps:
        edges = [left] + [x for gap in gaps for x in gap] + [right]
        widths = [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]
        narrow = min(range(len(widths)), key=widths.__getitem__)
        if widths[narrow] >= MIN_COLUMN_WIDTH:
            break
        sides = [i for i in (narrow - 1, narrow) if 0 <= i < len(gaps)]
        del gaps[min(sides, key=lambda i: gaps[i][1] - gaps[i][0])]  # join the strip to its nearer neighbour
    return gaps


def _is_gutter(boxes: Sequence[T_box], gap: tuple[float, float]) -> bool:
    """A justified paragraph's spaces can line up into a white strip; a real gutter is wider than
    the spaces of the lines that cross it."""
    cut = (gap[0] + gap[1]) / 2
    wider = judged = 0
    for line in lines_of(list(boxes), 0):
        xs = [(w["x0"], w["x1"]) for w in line.words]
        spaces = [b[0] - a[1] for a, b in zip(xs, xs[1:])]
        at_cut = [s for s, (a, b) in zip(spaces, zip(xs, xs[1:])) if a[1] <= cut <= b[0]]
        others = [s for s, (a, b) in zip(spaces, zip(xs, xs[1:])) if not a[1] <= cut <= b[0]]
        if at_cut and others:
            judged += 1
            wider += at_cut[0] > GUTTER_RATIO * statistics.median(others) + 1.0
    return judged == 0 or wider * 2 >= judged


def _line_count(boxes: Sequence[T_box]) -> float:
    """How many lines of typical height the region spans."""
    height = statistics.median([b["bottom"] - b["top"] for b in boxes]) or 1.0
    return (max(map(_BOTTOM, boxes)) - min(map(_TOP, boxes))) / height


def xy_cut(boxes: list[T_box]) -> list[list[T_box]]:
    """Split boxes into regions in reading order: columns left to right, rows top to bottom.

    Iterative (a stack, not recursion), so a page of a thousand lines cannot exhaust the stack.
    """
    regions: list[list[T_box]] = []
    stack = [boxes] if boxes else []
    while stack:
        region = stack.pop()
        parts = _cut(region)
        if parts is None:
            regions.append(region)
        else:
            stack.extend(reversed(parts))
    return regions


def _cut(boxes: list[T_box]) -> list[list[T_box]] | None:
    """One cut: at every column gutter if there is one, else at the widest row gap; None for a leaf."""
    if len(boxes) <= 1:
        return None
    columns = _gaps(boxes, "x0", "x1", COLUMN_GAP if _line_count(boxes) >= MIN_COLUMN_LINES else WIDE_GAP)
    columns = [gap for gap in _wide_columns(boxes, columns) if _is_gutter(boxes, gap)]
    if columns:
        return _split(boxes, columns, "x0", "x1")
    rows = _gaps(boxes, "top", "bottom", 0.01)
    if rows:
        widest = max(rows, key=lambda gap: gap[1] - gap[0])
        return _split(boxes, [widest], "top", "bottom")
    return None


def _split(boxes: list[T_box], gaps: list[tuple[float, float]], lo: str, hi: str) -> list[list[T_box]]:
    cuts = [(a + b) / 2 for a, b in gaps]
    parts: list[list[T_box]] = [[] for _ in range(len(cuts) + 1)]
    for box in boxes:
        parts[bisect_left(cuts, (box[lo] + box[hi]) / 2)].append(box)  # the cuts below the centre (gaps come in order)
    return [part for part in parts if part]


def lines_of(region: list[T_box], page: int) -> list[Line]:
    """Group a region's words into lines, top to bottom, words left to right."""
    lines: list[list[T_box]] = []
    # per open line: its words, and the highest top and lowest bottom of its words, kept as words join
    open_lines: list[tuple[list[T_box], list[float]]] = []
    inverted = any(w["bottom"] < w["top"] for w in region)
    for word in sorted(region, key=lambda w: (w["top"], w["x0"])):
        w_top, w_bottom = word["top"], word["bottom"]
        if not inverted:  # tops only grow, a band's bottom only falls: a line ending above this word takes no later one
            open_lines = [entry for entry in open_lines if entry[1][1] > w_top]
        for line, band in open_lines:
            top, bottom = band
            overlap = (bottom if bottom < w_bottom else w_bottom) - (top if top > w_top else w_top)
            height = min(bottom - top, w_bottom - w_top) or 1.0
            if overlap / height >= MIN_LINE_OVERLAP:
                line.append(word)
                band[0], band[1] = max(top, w_top), min(bottom, w_bottom)
                break
        else:
            lines.append([word])
            open_lines.append((lines[-1], [w_top, w_bottom]))
    result = []
    for words in lines:
        words.sort(key=lambda w: w["x0"])
        cleaned = []
        for i, word in enumerate(words):
            text = clean_word(word["text"], at_line_start=i == 0)
            if text:
                cleaned.append({**word, "text": text})
        if cleaned:
            result.append(Line(cleaned, page))
    return sorted(result, key=lambda line: line.top)


def starts_with_bullet(line: TextLine) -> bool:
    first = line.text.split(" ", 1)[0]
    return first[0] in BULLETS and (len(first) == 1 or not first[1].isalnum() or first[0] in GLUED_BULLETS)


def strip_bullet(text: str) -> str:
    if text and text[0] in BULLETS:
        return text[1:].lstrip()
    return text


def join_lines(lines: Sequence[str], known: AbstractSet[str] = frozenset()) -> str:
    """Join a block's lines, mending words split by line-end hyphenation; `known` holds the
    document's own words, which tell a compound's hyphen ("decision-making") from a break."""
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
            continue
        last = "" if out[-1].isspace() else out.rsplit(maxsplit=1)[-1]  # the last word: the rules below read no more of the text
        match = LINE_END_WORD.fullmatch(last)
        if match and line[:1].isalpha():
            token = match.group(0)
            second = re.match(r"[^\W\d_]*", line).group(0)  # type: ignore[union-attr]
            if "/" in token or "www" in token or "-" in match.group(1) or not line[:1].islower():
                out += line  # a URL, a many-part compound, or a compound with a capital: keep the hyphen
            elif hyphens.keeps_hyphen(match.group(2), second, known):
                out += line
            else:
                out = out[:-1] + line
        elif re.search(r"\w-$", last) and line[:1].isdigit():
            out += line  # 'COVID-' / '19'
        elif out.endswith("/") and "/" in out.rsplit(" ", 1)[-1] and not line[:1].isupper():
            out += line  # a URL broken after a slash
        else:
            out += " " + line
    return out


def body_size(lines: Sequence[TextLine]) -> float:
    sizes = [round(size, 1) for line in lines for size in line.sizes]
    return statistics.mode(sizes) if sizes else 0.0


def blocks_of(lines: Sequence[TextLine], body: float) -> list[LayoutBlock]:
    """Group lines (already in reading order) into blocks, then name each block's kind."""
    blocks: list[LayoutBlock] = []
    for line in lines:
        bullet = starts_with_bullet(line)
        current = blocks[-1] if blocks else None
        if current and not bullet and _continues(current, line):
            current.lines.append(line)
        else:
            blocks.append(LayoutBlock("list_item" if bullet else "paragraph", [line]))
    for block in blocks:
        if block.kind == "paragraph":
            block.kind = _kind(block, body)
    return blocks


def _kind(block: LayoutBlock, body: float) -> str:
    words = sum(len(line.sizes) for line in block.lines)
    text = block.lines[-1].text
    if words <= MAX_HEADING_WORDS and not re.search(r"(?<!\.)[.,;:]$", text) and body:
        first = block.lines[0]
        if typical_size(first) >= body * HEADING_SIZE_RATIO or all(line.bold for line in block.lines):
            return "heading"
    return "paragraph"


def typical_size(line: TextLine) -> float:
    return statistics.median(line.sizes)


def _opens_with_big_number(line: TextLine) -> bool:
    """Infographics set a figure (or 'fewer than') large at the start of a line: each such line is its own item."""
    first, rest = line.sizes[0], line.sizes[1:]
    if not rest:
        return False
    return first >= 1.3 * statistics.median(rest)


def _continues(block: LayoutBlock, line: TextLine) -> bool:
    previous = block.lines[-1]
    if line.page != previous.page:
        return _continues_overleaf(previous, line)
    if line.top < previous.top:
        return False
    if line.top - previous.bottom > PARAGRAPH_GAP * max(typical_size(previous), 1.0):
        return False
    if abs(typical_size(line) - typical_size(previous)) > 1.0:
        return False
    if line.bold != previous.bold and not _runs_on(previous, line):
        return False  # a change of weight starts a block, unless the sentence plainly runs on ('… is' / 'good')
    if _ends_before_a_number(previous, line):
        return True
    if _starts_numbered(line) or _opens_with_big_number(line):
        return False
    if block.kind == "list_item":
        return line.x0 >= block.lines[0].x0 - INDENT_TOLERANCE
    first = block.lines[0]
    hanging = max(first.x0 + HANGING_INDENT, first.text_x0 + INDENT_TOLERANCE)
    if _starts_numbered(first) and first.x0 - INDENT_TOLERANCE <= line.x0 <= hanging:
        return True  # the hanging indent of a numbered paragraph: lines under its number or its text
    centred = abs((line.x0 + line.x1) - (previous.x0 + previous.x1)) <= 2 * INDENT_TOLERANCE
    return abs(line.x0 - previous.x0) <= INDENT_TOLERANCE * 3 or centred


def _continues_overleaf(previous: TextLine, line: TextLine) -> bool:
    """A sentence running over a page break."""
    return _ends_before_a_number(previous, line) or _runs_on(previous, line)


def _runs_on(previous: TextLine, line: TextLine) -> bool:
    """No closing punctuation above, lower case below: one sentence."""
    return not previous.text.rstrip().endswith((".", "!", "?", ":", ";")) and line.text[:1].islower()


def _ends_before_a_number(previous: TextLine, line: TextLine) -> bool:
    """'COVID-' / '19 pandemic': a hyphen before a number at a line end is one word, not a new paragraph."""
    return bool(re.search(r"[^\W\d_]-$", previous.text)) and line.text[:1].isdigit()


def _starts_numbered(line: TextLine) -> bool:
    """'3.1 The partnership ...', '10.The ...', '(2) that ...', '127. The ...' open a new paragraph;
    '150 children ...' at a line start does not."""
    return bool(NUMBERED.match(line.text))
