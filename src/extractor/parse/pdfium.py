"""PDF pages to word boxes with PDFium (pypdfium2): the fast text path.

PDFium reads a page's text in C; pdfplumber (pdfminer) interprets it in Python, ten times slower.
Each char's box, size and font come from PDFium's text page, placed in pdfplumber's coordinates
(origin at the top left of the MediaBox, the page's /Rotate applied as pdfminer applies it), and
are grouped into words by `words.group_words`, pdfplumber's rules; so the layout code reads the
words of either engine alike. Where the page's drawn lines make a grid, pdfplumber's table finder
runs on the edges of PDFium's path objects and its cell extraction on PDFium's chars. A page this
path cannot vouch for is left to pdfplumber: one with chars PDFium cannot map, say.
"""

from __future__ import annotations

import ctypes
import logging
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as fpdf
from pdfplumber.table import Table, TableFinder, TableSettings

from . import cells
from . import words as wording

MAX_UNMAPPED_SHARE = 0.02  # a page with more chars than this PDFium cannot map to Unicode goes to pdfplumber
MIN_GRID_CELLS = 3  # ruling lines enclosing fewer cells hold no table (one needs three filled cells)
WHITE = 0.95 * 255  # fill components at least this light are white paper
ALIGNED = 0.01  # two points this close in x (or y) draw a vertical (horizontal) edge
FONT_NAME_BYTES = 256
SAME_LINE = 0.25  # two chars whose baselines differ by less than this share of their size are on one line
EMPTY_TEXT_BYTES = 2  # FPDFTextObj_GetText's length of no text: the UTF-16 terminator
PLAIN = 1e-6  # matrix entries this close to the identity's are the identity's
UNMAPPED = "\ufffd"
LINE_END_HYPHEN = "\ufffe"  # PDFium's mark for a hyphen it found at a line end; pdfminer reads "-"
PDFIUM_HYPHEN = 0x02  # that mark as FPDFText_GetUnicode gives it

T_box = dict[str, Any]
Affine = tuple[float, float, float, float, float, float]  # (a, b, c, d, e, f): x' = ax + cy + e, y' = bx + dy + f
FoundTable = tuple[tuple[float, float, float, float], cells.Rows]  # a table's box and its cells' text

log = logging.getLogger(__name__)


@dataclass
class FastPage:
    """What a page gives the layout code: words with their chars, tables, pictures and link areas."""

    number: int
    width: float
    height: float
    words: list[tuple[T_box, list[T_box]]]
    tables: list[FoundTable] = field(default_factory=list)
    images: list[T_box] = field(default_factory=list)
    links: list[T_box] = field(default_factory=list)
    n_chars: int = 0


Laid = TypeVar("Laid")


@dataclass
class FastDocument(Generic[Laid]):
    """The pages PDFium read, each laid out as soon as it is read (so a long document keeps
    only its laid-out lines, not every page's chars); None where a page is left to pdfplumber."""

    title: str | None
    pages: list[Laid | None]
    n_chars: int


def read_document(data: bytes, max_pages: int, lay_out: Callable[[FastPage], Laid]) -> FastDocument[Laid] | None:
    """Every page PDFium can vouch for, laid out by `lay_out`, or None when the whole file is
    pdfplumber's to judge (it does not open, is encrypted, has no pages or too many, or has no
    text layer at all): pdfplumber then gives the reason, and the scanned-PDF path starts as before."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    try:
        n_pages = len(pdf)
        if n_pages == 0 or n_pages > max_pages:
            return None
        pages: list[Laid | None] = []
        n_chars = 0
        for index in range(n_pages):
            read = _read_or_leave(pdf, index)
            pages.append(None if read is None else lay_out(read))
            n_chars += read.n_chars if read is not None else 0
        if n_chars == 0:
            return None
        title = pdf.get_metadata_value("Title") or None
    finally:
        pdf.close()
    return FastDocument(title, pages, n_chars)


def _read_or_leave(pdf: pdfium.PdfDocument, index: int) -> FastPage | None:
    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        return None
    try:
        return read_page(pdf, page, index + 1)
    except Exception as exc:  # noqa: BLE001 - any failure of the fast path leaves the page to pdfplumber
        log.debug("page %d left to pdfplumber: %s", index + 1, exc)
        return None
    finally:
        page.close()


def read_page(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, number: int) -> FastPage | None:
    """The page's words, pictures and links, or None when pdfplumber must read it."""
    if page.get_rotation() % 360 == 180:
        return None  # upside-down text: PDFium's words there are not yet pdfminer's (docs/parsing.md)
    to_plumber, width, height = _plumber_space(page)
    objects = list(_page_objects(page.raw, to_plumber))
    grids = _grids(objects, width, height)
    textpage = page.get_textpage()
    buffer = ctypes.create_string_buffer(FONT_NAME_BYTES)
    try:
        n = textpage.count_chars()
        text = textpage.get_text_range(0, n) if n > 0 else ""
        if len(text) != n:  # PDFium's text leaves out some control chars (C1's \x93 for a quote mark, say)
            text = _text_by_char(textpage.raw, n)
        if text is None:
            return None
        if text.count(UNMAPPED) > MAX_UNMAPPED_SHARE * n:
            return None
        n_objects = sum(1 for kind, _, _ in objects if kind == fpdf.FPDF_PAGEOBJ_TEXT)
        n_drawn = n - text.count(" ") - 2 * text.count("\r\n")
        if n_drawn < n_objects and n_drawn < n_objects - _inkless_objects(objects, textpage.raw):
            return None  # fewer chars than text objects that draw ink (each draws one glyph at least): PDFium lost some, pdfplumber may read them
        plain = all(box["upright"] and box["plain"] for kind, box, _ in objects if kind == fpdf.FPDF_PAGEOBJ_TEXT)
        chars = _chars(textpage.raw, text, to_plumber, plain)
        if wording.may_have_duplicates(chars):
            for char in chars:
                char["fontname"] = _font_name(textpage.raw, char["index"], buffer)
            chars = wording.unique_chars(chars)
        found = wording.group_words(chars)
        for word, members in found:
            word["fontname"] = members[0].get("fontname") or _font_name(textpage.raw, members[0]["index"], buffer)
        tables = _tables(grids, objects, textpage.raw, to_plumber, chars) if grids else []
    finally:
        textpage.close()
    if tables is None:
        return None
    images = [box for kind, box, _ in objects if kind == fpdf.FPDF_PAGEOBJ_IMAGE]
    n_visible = sum(1 for c in chars if not c["text"].isspace())
    return FastPage(number, width, height, found, tables, images, _links(pdf, page, to_plumber), n_visible)


def _text_by_char(textpage: Any, n: int) -> str | None:
    """The page's text char by char, one for each of PDFium's indices, as pdfminer reads the
    chars `get_text_range` leaves out; None when PDFium could not count the chars, or one lies
    outside the BMP (two UTF-16 units: the indices no longer match the text)."""
    codes = [fpdf.FPDFText_GetUnicode(textpage, i) for i in range(n)]
    if n < 0 or any(code > 0xFFFF or 0xD800 <= code <= 0xDFFF for code in codes):
        return None
    return "".join(LINE_END_HYPHEN if code == PDFIUM_HYPHEN else chr(code) for code in codes)


def _inkless_objects(objects: list[tuple[int, T_box, list[list[tuple[float, float]]]]], textpage: Any) -> int:
    """The text objects PDFium reads no char from whose glyphs have no extent (spaces drawn as
    objects of their own): they draw no ink, so no char is lost with them. Invisible text (render
    mode 3, an OCR layer over a scan) is not counted: pdfminer reads it."""
    return sum(
        _is_inkless(box["object"], textpage) and fpdf.FPDFTextObj_GetTextRenderMode(box["object"]) != fpdf.FPDF_TEXTRENDERMODE_INVISIBLE
        for kind, box, _ in objects
        if kind == fpdf.FPDF_PAGEOBJ_TEXT
    )


def _is_inkless(obj: Any, textpage: Any) -> bool:
    """Whether a text object's glyphs have no extent and PDFium reads no char from it: a space
    drawn as an object of its own."""
    edges = [ctypes.c_float() for _ in range(4)]
    if not fpdf.FPDFPageObj_GetBounds(obj, *edges):
        return False
    left, bottom, right, top = (edge.value for edge in edges)
    return (right <= left or top <= bottom) and fpdf.FPDFTextObj_GetText(obj, textpage, None, 0) <= EMPTY_TEXT_BYTES


class _SpaceObjects:
    """Where each text object stands in the content of its page or form, and how many spaces
    drawn as objects of their own (`_is_inkless`) come before it there: PDFium reads no char from
    such an object and marks the space it puts in its place as generated, like the spaces it adds."""

    def __init__(self, objects: list[tuple[int, T_box, list[list[tuple[float, float]]]]], textpage: Any) -> None:
        self.places: dict[int | None, tuple[int, int]] = {}  # an object's address: its form, and the inkless objects before it
        inkless = 0
        for kind, box, _ in objects:
            if kind == fpdf.FPDF_PAGEOBJ_TEXT:
                self.places[ctypes.cast(box["object"], ctypes.c_void_p).value] = (box["form"], inkless)
                inkless += _is_inkless(box["object"], textpage)
        self.any = inkless > 0

    def between(self, textpage: Any, first: int, then: int) -> bool | None:
        """Whether a space drawn as an object of its own lies between the objects that draw the
        chars at `first` and `then`; None when they are not in one content stream."""
        a, b = (self.places.get(ctypes.cast(fpdf.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value) for i in (first, then))
        if a is None or b is None or a[0] != b[0]:
            return None
        return a[1] != b[1]


def _tables(
    grids: list[Table], objects: list[tuple[int, T_box, list[list[tuple[float, float]]]]], textpage: Any, to_plumber: Affine, chars: list[T_box]
) -> list[FoundTable] | None:
    """The grids that are tables, with their cells' text as pdfplumber extracts it: from the chars
    the PDF draws, its spaces where it draws them. PDFium marks as its own (generated) both the
    spaces it adds where it sees a word break (pdfminer adds none) and the spaces a PDF draws as
    objects of their own; `_drawn_space` tells them apart. Where a space drawn as an object of its
    own lies between two chars with no space at all between them (PDFium adds none when the next
    glyph starts where the space does), one is put after the first. None (pdfplumber reads the
    page) when a grid holds turned text, or when a space in doubt would change a cell."""
    certain, doubtful = [], []  # the text as read, and with each space where it may also be
    in_doubt = []  # the spaces whose place differs between the two
    spaces = _SpaceObjects(objects, textpage)
    for k, char in enumerate(chars):
        if char["text"] != " ":
            before = chars[k - 1] if k else None
            if spaces.any and before is not None and before["text"] != " " and _close_on_one_line(before, char):
                verdict = spaces.between(textpage, before["index"], char["index"])
                if verdict is not False:
                    left_out = {**before, "text": " ", "x0": before["x1"], "index": char["index"]}
                    doubtful.append(left_out)
                    if verdict:
                        certain.append(left_out)
                    else:
                        in_doubt.append(left_out)
            certain.append(char)
            doubtful.append(char)
        elif not fpdf.FPDFText_IsGenerated(textpage, char["index"]):
            placed = _space_at(textpage, char["index"], to_plumber, char)
            certain.append(placed)
            doubtful.append(char)
            if placed["x0"] != char["x0"] or placed["x1"] != char["x1"]:
                in_doubt += [placed, char]
        else:
            verdict = _drawn_space(textpage, chars, k, spaces)
            if verdict:
                certain.append(char)
            if verdict is not False:
                doubtful.append(char)
            if verdict is None:
                in_doubt.append(char)
    found = []
    for grid in grids:
        if any(not c["upright"] and cells.centre_in(c, grid.bbox) for c in chars):
            return None
        rows = cells.table_text(grid, certain)
        if any(cells.centre_in(c, grid.bbox) for c in in_doubt) and rows != cells.table_text(grid, doubtful):
            return None
        found.append((grid.bbox, rows))
    return [(bbox, rows) for bbox, rows in found if cells.is_real_table(rows)]


def _drawn_space(textpage: Any, chars: list[T_box], k: int, spaces: _SpaceObjects) -> bool | None:
    """Whether the generated space `chars[k]` stands for a space the PDF draws. Only where its
    run of spaces stands between two chars of one line, closer than pdfplumber's word break, can
    it change a cell (elsewhere its box, which PDFium may put anywhere, is left out); and only
    when the run holds no space PDFium reads as drawn, which breaks the words already. There it is
    drawn when a space drawn as an object of its own lies between the two chars' objects; None
    (in doubt) in turned text, or between two content streams (a form's and the page's).
    (Measured against pdfplumber's chars on the robustness, bundled and development PDFs:
    docs/parsing.md.)"""
    first, last = k, k
    while first > 0 and chars[first - 1]["text"] == " ":
        first -= 1
    while last < len(chars) - 1 and chars[last + 1]["text"] == " ":
        last += 1
    if first == 0 or last == len(chars) - 1:
        return False
    before, after = chars[first - 1], chars[last + 1]
    if not before["upright"]:
        return None
    if not _close_on_one_line(before, after):
        return False
    if any(not fpdf.FPDFText_IsGenerated(textpage, chars[j]["index"]) for j in range(first, last + 1)):
        return False
    return spaces.between(textpage, before["index"], after["index"])


def _close_on_one_line(before: T_box, after: T_box) -> bool:
    """Whether two chars stand on one line closer than pdfplumber's word break."""
    same_line = abs(before["bottom"] - after["bottom"]) <= SAME_LINE * min(before["size"], after["size"])
    return bool(same_line and after["x0"] - before["x1"] <= wording.X_TOLERANCE)


def _plumber_space(page: pdfium.PdfPage) -> tuple[Affine, float, float]:
    """The map from PDF user space to pdfplumber's page coordinates, and the page's width and
    height there: pdfminer's rotation of the MediaBox, then pdfplumber's flip to a top-left origin."""
    x0, y0, x1, y1 = page.get_mediabox()
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotation = page.get_rotation() % 360
    ctm: Affine = {
        90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
        180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
        270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
    }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
    nx0, ny0, nx1, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
    height = ny1 - ny0
    a, b, c, d, e, f = ctm
    return (a, -b, c, -d, e + nx0, height - ny0 - f), nx1 - nx0, height


def _apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _box(m: Affine, left: float, bottom: float, right: float, top: float) -> T_box:
    """A user-space rectangle in pdfplumber's coordinates (x0, top, x1, bottom)."""
    (ax, ay), (bx, by) = _apply(m, left, bottom), _apply(m, right, top)
    return {"x0": min(ax, bx), "x1": max(ax, bx), "top": min(ay, by), "bottom": max(ay, by)}


def _chars(textpage: Any, text: str, to_plumber: Affine, plain: bool) -> list[T_box]:
    """Each char's box as pdfminer draws it: from the font's descent up by its size on the page
    (PDFium's font size scaled by the char's matrix), the width of its advance; whitespace
    (PDFium's own generated spaces too) only ends words. When every text object on the page is
    `plain` (upright and unscaled), no char's matrix is asked for."""
    rect, matrix = fpdf.FS_RECTF(), fpdf.FS_MATRIX()
    get_box, get_size, get_matrix = fpdf.FPDFText_GetLooseCharBox, fpdf.FPDFText_GetFontSize, fpdf.FPDFText_GetMatrix
    a, b, c, d, e, f = to_plumber
    rotation = _rotation_of(to_plumber)
    flat = b == 0 and c == 0  # no quarter turn: x maps to x, y to top
    chars: list[T_box] = []
    previous: T_box | None = None
    for index, char in enumerate(text):
        if char.isspace() or char == "\x00":
            # on the line of the char before it, so it joins no two lines; along the line, after
            # that char (text read left to right) or where PDFium puts it (any other way)
            if previous is not None and plain and d < 0:
                chars.append({**previous, "text": " ", "x0": previous["x1"], "index": index})
            elif previous is not None:
                chars.append(_space_at(textpage, index, to_plumber, {**previous, "text": " ", "index": index}))
            continue
        get_box(textpage, index, rect)
        size = get_size(textpage, index)
        if plain:
            upright, up = True, d
        else:
            get_matrix(textpage, index, matrix)
            upright = _is_upright((matrix.a, matrix.b, matrix.c, matrix.d, 0.0, 0.0), rotation)
            size *= math.hypot(matrix.c, matrix.d)  # the length of the glyph's upward vector: rotation does not change it
            up = b * matrix.c + d * matrix.d
        if flat:
            x0, x1 = a * rect.left + e, a * rect.right + e
            if x1 < x0:
                x0, x1 = x1, x0
            top, bottom = d * rect.bottom + f, d * rect.top + f
            if bottom < top:
                top, bottom = bottom, top
        else:
            box = _box(to_plumber, rect.left, rect.bottom, rect.right, rect.top)
            x0, x1, top, bottom = box["x0"], box["x1"], box["top"], box["bottom"]
        if upright and up <= 0:  # the glyph's top towards the page's: its box rises from the descent by its size
            top = bottom - size
        elif upright:  # upside down (a page turned half round): the box hangs from the descent
            bottom = top + size
        if previous is not None and x0 == previous["x0"] and x1 == previous["x1"] and bottom == previous["bottom"] and previous["index"] == index - 1:
            previous["text"] += char  # one glyph read as several letters (a ligature): one char, as pdfminer has it
            previous["index"] = index
            continue
        previous = {
            "text": "(cid:0)" if char == UNMAPPED else "-" if char == LINE_END_HYPHEN else char,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "size": size,
            "upright": upright,
            "index": index,
        }
        chars.append(previous)
    return chars


def _space_at(textpage: Any, index: int, to_plumber: Affine, space: T_box) -> T_box:
    """The space `space` (on the line of the char before it) moved along that line to where PDFium
    draws it."""
    rect = fpdf.FS_RECTF()
    fpdf.FPDFText_GetLooseCharBox(textpage, index, rect)
    box = _box(to_plumber, rect.left, rect.bottom, rect.right, rect.top)
    along = ("x0", "x1") if space["upright"] else ("top", "bottom")
    return {**space, **{key: box[key] for key in along}}


def _rotation_of(to_plumber: Affine) -> Affine:
    """The page rotation alone (pdfminer's ctm, y up) inside the map to pdfplumber's coordinates."""
    a, b, c, d = to_plumber[:4]
    return (a, -b, c, -d, 0.0, 0.0)


def _is_plain(m: Affine) -> bool:
    """Neither scaled nor turned: PDFium's font size is then the size on the page."""
    return abs(m[0] - 1) < PLAIN and abs(m[3] - 1) < PLAIN and abs(m[1]) < PLAIN and abs(m[2]) < PLAIN


def _is_upright(m: Affine, rotation: Affine) -> bool:
    """pdfminer's test, on a char's (or text object's) matrix after the page rotation."""
    a, b, c, d, _, _ = _compose(m, rotation)
    return a * d > 0 and b * c <= 0


def _font_name(textpage: Any, index: int, buffer: Any) -> str:
    """The font of the char at `index`, read into `buffer` (one per page, not one per call)."""
    length = fpdf.FPDFText_GetFontInfo(textpage, index, buffer, FONT_NAME_BYTES, None)
    return buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace") if length else ""


def _page_objects(page: Any, to_plumber: Affine) -> Iterator[tuple[int, T_box, list[list[tuple[float, float]]]]]:
    """(type, box, path points) of every text, image and painted path, inside forms too; a path's
    points are its subpaths in pdfplumber's coordinates (the close back to the start included)."""
    stack: list[tuple[Any, Affine]] = [(page, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    rotation = _rotation_of(to_plumber)
    n_streams = 0  # each content stream read (the page's, then each form's): a text object's "form"
    while stack:
        parent, form = stack.pop()
        n_streams += 1
        count = fpdf.FPDFPage_CountObjects(parent) if parent is page else fpdf.FPDFFormObj_CountObjects(parent)
        for i in range(count):
            obj = fpdf.FPDFPage_GetObject(parent, i) if parent is page else fpdf.FPDFFormObj_GetObject(parent, i)
            kind = fpdf.FPDFPageObj_GetType(obj)
            if kind == fpdf.FPDF_PAGEOBJ_FORM:
                stack.append((obj, _compose(_matrix(obj), form)))
                continue
            if kind not in (fpdf.FPDF_PAGEOBJ_TEXT, fpdf.FPDF_PAGEOBJ_IMAGE, fpdf.FPDF_PAGEOBJ_PATH):
                continue
            if kind == fpdf.FPDF_PAGEOBJ_TEXT:
                m = _compose(_matrix(obj), form)
                yield kind, {"upright": _is_upright(m, rotation), "plain": _is_plain(m), "object": obj, "form": n_streams}, []
                continue
            space = _compose(form, to_plumber)
            if kind == fpdf.FPDF_PAGEOBJ_PATH:
                if _is_painted(obj):
                    yield kind, {}, _subpaths(obj, _compose(_matrix(obj), space))
                continue
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if fpdf.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                yield kind, _box(space, left.value, bottom.value, right.value, top.value), []


def _matrix(obj: Any) -> Affine:
    m = fpdf.FS_MATRIX()
    if not fpdf.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(first: Affine, then: Affine) -> Affine:
    """The map applying `first`, then `then`."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = then
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2, e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _is_painted(path: Any) -> bool:
    """Stroked, or filled with a colour a reader sees: a white fill without a stroke (shading,
    a white-out) draws no table edge, as the pdfplumber path leaves such rectangles out."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not fpdf.FPDFPath_GetDrawMode(path, fill, stroke):
        return True
    if stroke.value:
        return True
    if not fill.value:
        return False
    r, g, b, alpha = (ctypes.c_uint() for _ in range(4))
    if fpdf.FPDFPageObj_GetFillColor(path, r, g, b, alpha) and min(r.value, g.value, b.value) >= WHITE:
        return False
    return True


def _subpaths(path: Any, space: Affine) -> list[list[tuple[float, float]]]:
    """The path's points by subpath, in pdfplumber's coordinates, Bézier control points included
    (pdfminer keeps them too); a closed subpath ends where it began."""
    subpaths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(max(fpdf.FPDFPath_CountSegments(path), 0)):
        segment = fpdf.FPDFPath_GetPathSegment(path, i)
        if not fpdf.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _apply(space, x.value, y.value)
        if fpdf.FPDFPathSegment_GetType(segment) == fpdf.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if fpdf.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(subpaths[-1][0])
    return subpaths


def _edges(subpaths: list[list[tuple[float, float]]]) -> Iterator[T_box]:
    """pdfplumber's edges of a path: each pair of consecutive points on one vertical or horizontal."""
    for points in subpaths:
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            if abs(ay - by) <= ALIGNED and abs(ax - bx) > ALIGNED:
                x0, x1 = sorted((ax, bx))
                yield {"x0": x0, "x1": x1, "top": ay, "bottom": ay, "width": x1 - x0, "height": 0.0, "orientation": "h", "object_type": "line"}
            elif abs(ax - bx) <= ALIGNED and abs(ay - by) > ALIGNED:
                top, bottom = sorted((ay, by))
                yield {
                    "x0": ax,
                    "x1": ax,
                    "top": top,
                    "bottom": bottom,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                    "object_type": "line",
                }


@dataclass
class _EdgePage:
    """What pdfplumber's TableFinder reads of a page with the lines strategy."""

    edges: list[T_box]
    bbox: tuple[float, float, float, float]


def _grids(objects: list[tuple[int, T_box, list[list[tuple[float, float]]]]], width: float, height: float) -> list[Table]:
    """What pdfplumber's own table finder finds on the page's drawn edges: the grids of at least
    `MIN_GRID_CELLS` cells."""
    edges = [edge for kind, _, points in objects if kind == fpdf.FPDF_PAGEOBJ_PATH for edge in _edges(points)]
    if len([e for e in edges if e["orientation"] == "h"]) < 2 or len([e for e in edges if e["orientation"] == "v"]) < 2:
        return []
    finder = TableFinder(_EdgePage(edges, (0.0, 0.0, width, height)), TableSettings())  # type: ignore[arg-type]
    return [table for table in finder.tables if len(table.cells) >= MIN_GRID_CELLS]


def _links(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, to_plumber: Affine) -> list[T_box]:
    """URI link areas, as pdfplumber's `page.hyperlinks` gives them."""
    links = []
    position, link = ctypes.c_int(0), fpdf.FPDF_LINK()
    rect = fpdf.FS_RECTF()
    while fpdf.FPDFLink_Enumerate(page.raw, position, link):
        action = fpdf.FPDFLink_GetAction(link)
        if not action or fpdf.FPDFAction_GetType(action) != fpdf.PDFACTION_URI or not fpdf.FPDFLink_GetAnnotRect(link, rect):
            continue
        length = fpdf.FPDFAction_GetURIPath(pdf.raw, action, None, 0)
        buffer = ctypes.create_string_buffer(length)
        fpdf.FPDFAction_GetURIPath(pdf.raw, action, buffer, length)
        uri = buffer.raw[: max(length - 1, 0)].decode("utf-8", "replace")
        if uri:
            links.append({"uri": uri, **_box(to_plumber, rect.left, rect.bottom, rect.right, rect.top)})
    return links
