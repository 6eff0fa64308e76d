"""PDF to `Document`: reading order, running headers removed, tables, links.

Pages are read by PDFium (`parse/pdfium.py`, the fast text path) where it can vouch for them and
by pdfplumber otherwise (files or pages PDFium cannot read, tables whose cells it cannot vouch
for); `engine="pdfplumber"` reads every page with pdfplumber. Both engines' words and tables
(`parse/cells.py`) go through the same layout code (`_assemble`)."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.page import FilteredPage
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ..errors import CorruptDocument, EmptyDocument, EncryptedDocument, NeedsOCR, TooLarge
from ..model import Document, Link, TableCell, TextBuilder
from . import cells, footnotes, furniture, hyphens, layout, ocr, pdfium
from .layout import LayoutBlock, Line, TextLine
from .words import unique_chars

CAPTION_DISTANCE = 18.0  # a short line this close below an image is its caption
MAX_CAPTION_WORDS = 8
CAPTION_REACH = 24.0  # a word this close beside a caption line continues it: the line is body text
BULLET_REACH = 30.0  # a bullet glyph belongs to the first word this close to its right
SYMBOL_FONTS = ("dingbat", "wingding", "webding")  # fonts whose letters are pictures
WORD_GAP = 6.0  # words closer than this on one line belong together
MAX_CAPTION_LINES = 3
MAX_CAPTIONED_IMAGE_SHARE = 0.6  # wider images are banners or backgrounds, not pictures with captions
WHITE = 0.95  # colour components at least this light are white paper
TITLE_SIZE_TOLERANCE = 0.5  # lines within this many points of the largest size are the title's
MAX_TITLE_WORDS = 30
TEMPLATE_TITLE = re.compile(
    r"^(microsoft\s+(word|powerpoint|excel)\b|untitled\b)|\b(template|draft|version|v\d+)\b|\.(docx?|pdf|rtf|odt|indd|pptx?)$|^[\w-]+_[\w_-]+$",
    re.IGNORECASE,
)  # a name the editor or a template gave, not the document's title
MEETING_BODY = re.compile(
    r"^(report\s+to\s*:?\s*)?(the\s+)?[\w&',. -]{0,80}\b(board|committee|sub-committee|cabinet|council|panel|executive|forum|commission)$",
    re.IGNORECASE,
)
MEETING_DATE = re.compile(r"^([a-z]+,?\s+)?\d{1,2}(st|nd|rd|th)?\s+[a-z]+\s+\d{4}$", re.IGNORECASE)
# a committee paper's cover names the meeting and its date above the paper's own title

Engine = Literal["auto", "pdfplumber"]
AUTO: Engine = "auto"

log = logging.getLogger(__name__)


@dataclass
class _Table:
    index: int
    top: float
    rows: list[list[str]]


@dataclass
class _Caption:
    top: float
    text: str


@dataclass
class _Page:
    number: int
    height: float
    units: list[TextLine | _Table | _Caption] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


def parse_pdf(data: bytes, doc_id: str, max_pages: int, engine: Engine = AUTO) -> Document:
    """Read every page once, then build the text so offsets are assigned after cleaning."""
    fast = pdfium.read_document(data, max_pages, _assemble_fast) if engine == AUTO else None
    if fast is not None and all(page is not None for page in fast.pages):
        log.debug("%s: %d pages read by PDFium", doc_id, len(fast.pages))
        title = _metadata_title_text(fast.title) if fast.title else None
        return _build(doc_id, title, [page for page in fast.pages if page is not None])
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        if exc.args and isinstance(exc.args[0], PDFPasswordIncorrect):
            raise EncryptedDocument("The PDF is encrypted and needs a password to open.") from exc
        raise CorruptDocument(f"The PDF could not be opened ({_describe(exc)}).") from exc
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise CorruptDocument(f"The PDF could not be opened ({_describe(exc)}).") from exc
    with pdf:
        try:
            n_pages = len(pdf.pages)
        except Exception as exc:
            raise CorruptDocument(f"The PDF's page tree could not be read ({_describe(exc)}).") from exc
        if n_pages == 0:
            raise EmptyDocument("The PDF has no pages.")
        if n_pages > max_pages:
            raise TooLarge(f"The PDF has {n_pages} pages, over the limit of {max_pages}.")
        done = fast.pages if fast is not None and len(fast.pages) == n_pages else [None] * n_pages
        title = _metadata_title(pdf)
        pages = []
        n_chars = fast.n_chars if fast is not None and len(fast.pages) == n_pages else 0
        for page, read in zip(pdf.pages, done):
            if read is not None:
                pages.append(read)
                continue
            try:
                pages.append(_read_page(page))
                n_chars += len(page.chars)
            except Exception as exc:
                raise CorruptDocument(f"Page {page.page_number} could not be read ({_describe(exc)}).") from exc
            finally:
                page.close()
        log.debug("%s: %d pages read by PDFium, %d by pdfplumber", doc_id, n_pages - done.count(None), done.count(None))
    if n_chars > 0:
        return _build(doc_id, title, pages)
    if not ocr.available():
        raise NeedsOCR(f"None of the {n_pages} pages has a text layer, and Tesseract is not installed.")
    scanned = _read_scanned(data)
    if not any(page.units for page in scanned):
        raise NeedsOCR(f"None of the {n_pages} pages has a text layer, and OCR found no text.")
    document = _build(doc_id, title, scanned)
    document.ocr = True
    return document


def _describe(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    text = str(inner or exc).strip() or type(inner or exc).__name__
    return text[:200]


def _metadata_title(pdf: Any) -> str | None:
    title = (pdf.metadata or {}).get("Title")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "ignore")
    return _metadata_title_text(title) if isinstance(title, str) else None


def _metadata_title_text(title: str) -> str | None:
    """The metadata title, unless it is empty or a name the editor or a template gave."""
    title = title.strip()
    return title if title and not TEMPLATE_TITLE.search(title) else None


def _read_page(page: Any) -> _Page:
    page = _dedupe_chars(page)
    found = [(table.bbox, cells.table_text(table, page.chars)) for table in page.find_tables()]  # each table's text is extracted once
    words = []
    for word in page.extract_words(keep_blank_chars=False, return_chars=True):
        chars = word.pop("chars")
        word["size"] = max(float(c.get("size") or 0.0) for c in chars)
        word["fontname"] = chars[0].get("fontname", "")
        words.append((word, chars))
    tables = [(bbox, rows) for bbox, rows in found if cells.is_real_table(rows)]
    return _assemble(page.page_number, float(page.width), float(page.height), tables, words, page.images, _hyperlinks(page))


def _assemble_fast(page: pdfium.FastPage) -> _Page:
    return _assemble(page.number, page.width, page.height, page.tables, page.words, page.images, page.links)


def _assemble(
    number: int,
    width: float,
    height: float,
    tables: list[pdfium.FoundTable],
    words: list[tuple[dict[str, Any], list[dict[str, Any]]]],
    images: list[dict[str, Any]],
    links: list[dict[str, Any]],
) -> _Page:
    """One page from either engine: the words of its tables left to the tables, footnote markers
    dropped, laid out, links given their anchor text. `words` holds each word with its chars."""
    boxes = []
    for i, (bbox, extracted) in enumerate(tables):
        x0, top, x1, bottom = bbox
        rows = [[layout.clean_cell(" ".join((cell or "").split())) for cell in row] for row in extracted]
        boxes.append({"x0": x0, "top": top, "x1": x1, "bottom": bottom, "text": "", "unit": _Table(i, top, rows)})
    free = [(word, chars) for word, chars in words if not any(_inside(word, bbox) for bbox, _ in tables)]
    boxes.extend(footnotes.drop_markers([footnotes.strip_marker(word, chars) for word, chars in free]))
    result = _lay_out(number, width, height, boxes, images)
    kept = [b for b in boxes if "unit" not in b]
    for link in links:
        if link.get("uri"):
            bbox = (link["x0"], link["top"], link["x1"], link["bottom"])
            anchor = " ".join(layout.strip_bullet(str(w["text"])) for w in kept if _inside(w, bbox))
            result.links.append({"uri": link["uri"], "text": anchor})
    return result


def _lay_out(number: int, width: float, height: float, boxes: list[dict[str, Any]], images: list[dict[str, Any]]) -> _Page:
    """Word boxes (from the text layer or from OCR) to lines, tables and captions in reading order."""
    result = _Page(number, height)
    boxes = _group_captions(_attach_bullets(boxes), images, width, number)
    for region in layout.xy_cut(boxes):
        words = [b for b in region if "unit" not in b]
        units: list[TextLine | _Table | _Caption] = [b["unit"] for b in region if "unit" in b]
        units.extend(line.settled() for line in layout.lines_of(words, number))
        units.sort(key=lambda u: u.top)
        result.units.extend(units)
    return result


def _read_scanned(data: bytes) -> list[_Page]:
    return [_lay_out(number, width, height, words, []) for number, width, height, words in ocr.page_words(data)]


def _hyperlinks(page: Any) -> list[dict[str, Any]]:
    """Link annotations; a page whose annotations are malformed (cyclic, say) keeps its text, not its links."""
    try:
        return list(page.hyperlinks)
    except (MalformedPDFException, RecursionError):
        return []


def _attach_bullets(boxes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold a bullet glyph into the word after it, so the gap after a bullet is not read as a column."""
    for box in boxes:
        if "unit" not in box and _is_symbol_glyph(box):
            box["text"] = "•"
    bullets = [b for b in boxes if _is_bullet_glyph(b["text"]) and not _has_left_neighbour(b, boxes)]
    absorbed: set[int] = set()
    for bullet in bullets:
        candidates = [
            b
            for b in boxes
            if b is not bullet
            and not _is_bullet_glyph(b["text"])
            and "unit" not in b
            and 0 <= b["x0"] - bullet["x1"] <= BULLET_REACH
            and min(b["bottom"], bullet["bottom"]) > max(b["top"], bullet["top"])
        ]
        if candidates:
            word = min(candidates, key=lambda b: b["x0"])
            word["text"] = "• " + word["text"]
            word["text_x0"], word["x0"] = word["x0"], bullet["x0"]
            absorbed.add(id(bullet))
    return [b for b in boxes if id(b) not in absorbed]


def _has_left_neighbour(box: dict[str, Any], boxes: list[dict[str, Any]]) -> bool:
    return any(
        other is not box and 0 <= box["x0"] - other["x1"] <= WORD_GAP and min(other["bottom"], box["bottom"]) > max(other["top"], box["top"])
        for other in boxes
    )


def _is_symbol_glyph(box: dict[str, Any]) -> bool:
    """One letter of a dingbat font (ZapfDingbats' and Wingdings' 'l' is a disc, 'n' a square):
    a bullet, not a word."""
    text, font = box["text"], str(box.get("fontname") or "").lower()
    return len(text) == 1 and text.isascii() and text.isalpha() and any(name in font for name in SYMBOL_FONTS)


def _is_bullet_glyph(text: str) -> bool:
    """Bullet glyphs set apart from their text; dashes are left alone, they also join words."""
    return bool(layout.CID.fullmatch(text)) or (len(text) == 1 and text in layout.BULLETS and text not in "-–—")


def _dedupe_chars(page: Any) -> Any:
    """`page.dedupe_chars()` with the same result, without pdfplumber's final sort by
    `chars.index` (a list search per char: quadratic, minutes on a dense page); invisible
    rectangles are left out, so they draw no table."""
    derived = FilteredPage(page, lambda obj: True)
    derived._objects = dict(page.objects)
    derived._objects["char"] = unique_chars(page.chars)
    derived._objects["rect"] = [rect for rect in page.rects if not _is_invisible(rect)]
    return derived


def _is_invisible(rect: dict[str, Any]) -> bool:
    """A filled, unstroked white rectangle (paragraph shading, a white-out): no line a reader sees,
    so no table edge."""
    if rect.get("stroke") or not rect.get("fill"):
        return False
    colour = rect.get("non_stroking_color")
    raw = list(colour) if isinstance(colour, (list, tuple)) else [colour]
    values = [float(v) for v in raw if isinstance(v, (int, float))]
    if not values or len(values) != len(raw):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 1 - WHITE for v in values)
    return all(v >= WHITE for v in values)


def _inside(word: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return bool(x0 <= cx <= x1 and top <= cy <= bottom)


def _group_captions(boxes: list[dict[str, Any]], images: list[dict[str, Any]], width: float, number: int) -> list[dict[str, Any]]:
    """Words set just below a picture, within its width, become that picture's caption unit; lines
    that run on past the picture's edges are body text flowing under it (under a logo, say)."""
    sizes = sorted(float(b.get("size") or 0.0) for b in boxes if "unit" not in b)
    largest = sizes[len(sizes) // 2] * layout.HEADING_SIZE_RATIO if sizes else 0.0
    for image in images:
        if image["x1"] - image["x0"] > MAX_CAPTIONED_IMAGE_SHARE * width:
            continue
        under = [b for b in boxes if "unit" not in b and image["x0"] <= (b["x0"] + b["x1"]) / 2 <= image["x1"] and b["top"] >= image["bottom"] - 2]
        lines = layout.lines_of(under, number)
        caption: list[Line] = []
        reach = float(image["bottom"]) + CAPTION_DISTANCE
        for line in lines:
            if line.top > reach or len(caption) == MAX_CAPTION_LINES:
                break
            caption.append(line)
            reach = line.bottom + layout.PARAGRAPH_GAP * line.height
        words = [w for line in caption for w in line.words]
        if not caption or len(words) > MAX_CAPTION_WORDS or max(w["size"] for w in words) > largest:
            continue
        if any(_runs_past(line, image, images, boxes) for line in caption):
            continue
        taken = {(w["x0"], w["top"]) for w in words}
        boxes = [b for b in boxes if "unit" in b or (b["x0"], b["top"]) not in taken]
        boxes.append(
            {
                "x0": min(w["x0"] for w in words),
                "x1": max(w["x1"] for w in words),
                "top": caption[0].top,
                "bottom": caption[-1].bottom,
                "text": "",
                "unit": _Caption(caption[0].top, " ".join(line.text for line in caption)),
            }
        )
    return boxes


def _runs_past(line: Line, image: dict[str, Any], images: list[dict[str, Any]], boxes: list[dict[str, Any]]) -> bool:
    """A word on the line's band, close beside it, outside the picture's width and not under another
    picture (whose own caption it is): the line runs on, it is body text."""
    top, bottom = line.top, line.bottom
    for box in boxes:
        if "unit" in box or min(bottom, box["bottom"]) - max(top, box["top"]) <= 0.5 * (bottom - top):
            continue
        outside = not image["x0"] <= (box["x0"] + box["x1"]) / 2 <= image["x1"]  # as words under a picture are chosen
        near = box["x1"] >= line.x0 - CAPTION_REACH and box["x0"] <= line.x1 + CAPTION_REACH
        if outside and near and not any(_under(box, other) for other in images if other is not image):
            return True
    return False


def _under(box: dict[str, Any], image: dict[str, Any]) -> bool:
    centre = (box["x0"] + box["x1"]) / 2
    return bool(image["x0"] <= centre <= image["x1"] and image["bottom"] - 2 <= box["top"] <= image["bottom"] + CAPTION_DISTANCE * 2)


def _is_furniture(line: TextLine, page: _Page, running: set[str], body: float) -> bool:
    """Page numbers and running lines go wherever they are set; only the cover keeps a large title
    that the running header repeats."""
    if not furniture.is_furniture(line, page.height, running):
        return False
    return page.number > 1 or furniture.is_page_number(line.text) or line.size <= body * layout.HEADING_SIZE_RATIO


def _edge_lines(page: _Page) -> tuple[TextLine, ...]:
    """The page's first and last lines from top to bottom."""
    lines = [u for u in page.units if isinstance(u, TextLine)]
    if not lines:
        return ()
    return (min(lines, key=lambda u: u.top), max(lines, key=lambda u: u.top))


def _build(doc_id: str, title: str | None, pages: list[_Page]) -> Document:
    all_lines = [u for p in pages for u in p.units if isinstance(u, TextLine)]
    body = layout.body_size(all_lines)
    running = furniture.running_keys([(p.height, [u for u in p.units if isinstance(u, TextLine)]) for p in pages])
    known = hyphens.vocabulary(line.text for line in all_lines)
    builder = TextBuilder()
    cells: list[TableCell] = []
    table_count = 0
    kept: list[TextLine] = []
    for page in pages:
        for unit in page.units:
            if isinstance(unit, _Caption):
                _flush(builder, kept, body, known)
                kept = []
                builder.add("caption", page.number, unit.text)
            elif isinstance(unit, _Table):
                _flush(builder, kept, body, known)
                kept = []
                table_cells = builder.add_table(page.number, [list(row) for row in unit.rows], table_count)
                if table_cells:
                    cells.extend(table_cells)
                    table_count += 1
            elif not _is_furniture(unit, page, running, body) and not (unit in _edge_lines(page) and furniture.is_folio(unit, page.number)):
                kept.append(unit)
    _flush(builder, kept, body, known)
    text = builder.text
    links = _locate_links(text, builder, pages)
    if title is None:
        title = _largest_text(pages, running, body)
    return Document(doc_id, "application/pdf", text, title, len(pages), builder.blocks, cells, links)


def _largest_text(pages: list[_Page], running: set[str], body: float) -> str | None:
    """The first page's largest text (its lines of that size, in order), the title a reader sees;
    on a committee paper's cover, not the meeting's name or date set above the paper's title."""
    lines = [u for u in pages[0].units if isinstance(u, TextLine) and not _is_furniture(u, pages[0], running, body)] if pages else []
    lines = [line for line in lines if any(ch.isalpha() for ch in line.text)]
    if any(MEETING_DATE.match(" ".join(line.text.split())) for line in lines):  # a committee paper's cover
        titled = [line for line in lines if not (MEETING_BODY.match(" ".join(line.text.split())) or MEETING_DATE.match(" ".join(line.text.split())))]
        lines = titled or lines
    if not lines:
        return None
    largest = max(layout.typical_size(line) for line in lines)
    title = " ".join(line.text for line in lines if layout.typical_size(line) >= largest - TITLE_SIZE_TOLERANCE)
    return " ".join(title.split()[:MAX_TITLE_WORDS]) or None


def _flush(builder: TextBuilder, lines: list[TextLine], body: float, known: frozenset[str]) -> None:
    for block in layout.blocks_of(lines, body):
        _add_block(builder, block, known)


def _add_block(builder: TextBuilder, block: LayoutBlock, known: frozenset[str]) -> None:
    texts = [line.text for line in block.lines]
    if block.kind == "list_item":
        texts[0] = layout.strip_bullet(texts[0])
    builder.add(block.kind, block.lines[0].page, layout.join_lines(texts, known))


def _locate_links(text: str, builder: TextBuilder, pages: list[_Page]) -> list[Link]:
    """Find each link's anchor text among the blocks of its page (a block may start a page earlier)."""
    links = []
    for page in pages:
        page_blocks = [b for b in builder.blocks if page.number - 1 <= (b.page or 0) <= page.number]
        lo = page_blocks[0].char_start if page_blocks else 0
        hi = page_blocks[-1].char_end if page_blocks else 0
        for link in page.links:
            start = text.find(link["text"], lo, hi) if link["text"] else -1
            if start >= 0:
                links.append(Link(page.number, link["uri"], link["text"], start, start + len(link["text"])))
            else:
                links.append(Link(page.number, link["uri"], link["text"], None, None))
    return links
