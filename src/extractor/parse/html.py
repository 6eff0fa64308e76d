"""HTML to `Document`: the page's main content as headings, paragraphs, list items and tables, with its links.

An lxml walk over the page after the boilerplate (navigation, banners, cookie notices, side bars, footers, scripts)
is removed, rather than trafilatura's extraction, which drops link-heavy lists and short lines a reader sees as content.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import EmptyDocument, UnsupportedType
from ..model import Document, Link, TableCell, TextBuilder
from ..sniff import HTML, decode
from .boilerplate import main_content
from .markers import item_run, split_marker, title_like

ERROR_PAGE = re.compile(
    r"\b(page not found|not found|forbidden|access denied|server error)\b|(?<![\d,.£$])\b(404|403|500)\b(?![,.]?\d)",
    re.IGNORECASE,
)
MAX_ERROR_PAGE_CHARS = 2000
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LISTS = {"ul", "ol", "menu"}
BLOCKS = HEADINGS | LISTS | {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote", "figure",
    "figcaption", "address", "center", "details", "summary", "fieldset", "legend", "li", "dl", "dt", "dd",
    "table", "caption", "pre", "hr", "form", "body", "html", "noscript",
}  # fmt: skip
BOLD = {"strong", "b"}
LAYOUT_CELL_CONTENT = HEADINGS | LISTS | {"table", "p", "div", "dl", "blockquote"}
MAX_TERM_WORDS = 8  # a <dt> this short is the label of the <dd> after it, read as one paragraph
LINE = "\u2028"  # a <br> in the inline text being gathered (a source newline is only white space)


def parse_html(data: bytes, doc_id: str) -> Document:
    html = decode(data)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except etree.ParserError as error:
        raise EmptyDocument("The web page has no content (only a doctype, comments or white space).") from error
    title = _page_title(root, html)
    walk = _Walk()
    walk.block(main_content(root))
    walk.flush()
    text = walk.builder.text
    if not text:
        raise EmptyDocument("The web page has no main text (it may be a menu, a redirect or a script-only page).")
    if _is_error_page(title, text):
        raise UnsupportedType(f"The file is a web error page ('{title or text[:80]}'), not a document.")
    return Document(doc_id, HTML, text, title, None, walk.builder.blocks, walk.cells, _locate(text, walk.links))


class _Walk:
    """Walks the content in document order, gathering inline text until a block element ends it."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.cells: list[TableCell] = []
        self.links: list[tuple[str, str, int]] = []
        self.inline: list[str] = []
        self.anchors: list[tuple[str, str]] = []

    def block(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag in HEADINGS:
            self.flush()
            self.emit("heading", self.text_of(element))
        elif tag in LISTS:
            self.flush()
            self.list(element)
        elif tag == "table":
            self.flush()
            self.table(element)
        elif tag == "dl":
            self.flush()
            self.definitions(element)
        elif tag in ("figcaption", "caption"):
            self.flush()
            self.emit("caption", self.text_of(element))
        elif tag == "br":
            self.inline.append(LINE)
        elif tag in ("p", "div") and _bold_title(element):
            self.flush()
            self.emit("heading", self.text_of(element))
        elif tag in BLOCKS:
            self.flush()
            self.inline.append(element.text or "")
            for child in element:
                self.block(child)
                self.inline.append(child.tail or "")
            self.flush()
        else:
            self.gather(element)

    def gather(self, element: etree._Element) -> None:
        """Inline text of `element` and its descendants; block descendants (a <div> in a <span>) end a block."""
        tag = _tag(element)
        if tag in BLOCKS or tag in HEADINGS:
            self.block(element)
            return
        if tag == "br":
            self.inline.append(LINE)
            return
        start = len(self.inline)
        self.inline.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                self.gather(child)
            self.inline.append(child.tail or "")
        if tag == "a" and element.get("href"):
            self.anchors.append((element.get("href", ""), _clean("".join(self.inline[start:]))))

    def flush(self) -> None:
        """The gathered inline text as blocks: one paragraph, or its <br> lines (a list when they read as one)."""
        lines = [_clean(line) for line in "".join(self.inline).split(LINE)]
        self.inline = []
        previous = self.builder.blocks[-1] if self.builder.blocks else None
        opens = (previous is not None and previous.kind == "heading") or bool(lines) and lines[0].endswith(":")
        i = 0
        while i < len(lines):
            run = item_run(lines, i) if len(lines) > 1 and (opens or i > 0 and lines[i - 1].endswith(":")) else []
            if len(run) >= 2:
                for item in run:
                    self.emit("list_item", item)
                i += len(run)
                continue
            marker = split_marker(lines[i])
            if marker:
                kind, numbering, rest = marker
                self.emit("list_item", rest if kind == "bullet" else f"{numbering} {rest}")
            else:
                self.emit("paragraph", lines[i])
            i += 1

    def emit(self, kind: str, text: str) -> None:
        """A block; the links gathered since the last block are looked for from its start."""
        block = self.builder.add(kind, None, text)
        if block is not None:
            self._anchored(block.char_start)

    def _anchored(self, start: int) -> None:
        self.links.extend((uri, anchor, start) for uri, anchor in self.anchors)
        self.anchors = []

    def text_of(self, element: etree._Element, skip: frozenset[str] = frozenset()) -> str:
        """The inline text of an element read as one block (a heading, an item, a cell); its links are kept."""
        saved, self.inline = self.inline, []
        self.inline.append(element.text or "")
        for child in element:
            if _tag(child) not in skip and isinstance(child.tag, str):
                self.gather_flat(child)
            self.inline.append(child.tail or "")
        text = " ".join(_clean(line) for line in "".join(self.inline).split(LINE))
        self.inline = saved
        return _clean(text)

    def gather_flat(self, element: etree._Element) -> None:
        """Like `gather`, but block descendants (a <p> inside an <li> or a cell) stay part of the same text."""
        start = len(self.inline)
        self.inline.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                self.gather_flat(child)
                if _tag(child) in BLOCKS:
                    self.inline.append(" ")
            self.inline.append(child.tail or "")
        if _tag(element) == "a" and element.get("href"):
            self.anchors.append((element.get("href", ""), _clean("".join(self.inline[start:]))))

    def list(self, element: etree._Element) -> None:
        """Each <li> is an item with its own text; a nested list's items follow as items of their own."""
        for child in element:
            tag = _tag(child)
            if tag == "li":
                self.emit("list_item", self.text_of(child, skip=frozenset(LISTS | {"table"})))
                for nested in child:
                    if _tag(nested) in LISTS | {"table"}:
                        self.block(nested)
            elif isinstance(child.tag, str):
                self.block(child)
                self.flush()

    def definitions(self, element: etree._Element) -> None:
        """A short term reads with its definition as one paragraph ("Decision status: Approved"); long ones apart."""
        term: str | None = None
        for child in element:
            tag = _tag(child)
            if tag == "dt":
                if term:
                    self.emit("paragraph", term)
                term = self.text_of(child)
            elif tag == "dd":
                if child.find(".//ul") is not None or child.find(".//ol") is not None or child.find(".//table") is not None:
                    if term:
                        self.emit("heading", term)
                    self.block(child)
                elif term and len(term.split()) <= MAX_TERM_WORDS:
                    self.emit("paragraph", f"{term} {self.text_of(child)}")
                else:
                    if term:
                        self.emit("paragraph", term)
                    self.emit("paragraph", self.text_of(child))
                term = None
            elif isinstance(child.tag, str):
                self.block(child)
        if term:
            self.emit("paragraph", term)

    def table(self, element: etree._Element) -> None:
        """A data table becomes cells (header rows included); a layout table is read as the blocks it holds."""
        rows = [row for row in element.iter("tr") if _own_table(row, element)]
        grid = [[cell for cell in row if _tag(cell) in ("td", "th")] for row in rows]
        for caption in element.iter("caption"):
            self.emit("caption", self.text_of(caption))
        if not grid or all(len(row) <= 1 for row in grid) or any(_layout_cell(c) for row in grid for c in row):
            for row in grid:
                for cell in row:
                    self.block(cell)
                    self.flush()
            return
        texts = [[self.text_of(cell) for cell in row] for row in grid]
        cells = self.builder.add_table(None, texts, len({cell.table_index for cell in self.cells}))
        if cells:
            self.cells.extend(cells)
            self._anchored(cells[0].char_start)


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _bold_title(element: etree._Element) -> bool:
    """A paragraph that is nothing but a short bold title ("<p><strong>Our aims</strong></p>") is a heading."""
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) != 1 or _tag(children[0]) not in BOLD or (element.text or "").strip() or (children[0].tail or "").strip():
        return False
    only = children[0]
    return isinstance(only, lxml.html.HtmlElement) and title_like(_clean(only.text_content()))


def _own_table(row: etree._Element, table: etree._Element) -> bool:
    return next(row.iterancestors("table"), None) is table


def _layout_cell(cell: etree._Element) -> bool:
    """A cell holding headings, lists, tables or several paragraphs is page layout, not a value."""
    blocks = [d for d in cell.iterdescendants() if _tag(d) in LAYOUT_CELL_CONTENT]
    return any(_tag(d) != "p" for d in blocks) or len(blocks) > 1


def _page_title(root: etree._Element, html: str) -> str | None:
    """The <title> as written, site name included ("Page | X Safeguarding Children Partnership"): the
    site part is often the only place a page names who publishes it. trafilatura's title (which drops
    the site part) when the page has no <title>."""
    written = " ".join((root.findtext(".//title") or "").split())
    if written:
        return written
    import trafilatura  # here: a fifth of a second to import, needed only by a page without <title>

    metadata = trafilatura.extract_metadata(html)
    return metadata.title if metadata and metadata.title else None


def _is_error_page(title: str | None, text: str) -> bool:
    return len(text) <= MAX_ERROR_PAGE_CHARS and bool(ERROR_PAGE.search(title or "") or ERROR_PAGE.search(text[:200]))


def _locate(text: str, links: list[tuple[str, str, int]]) -> list[Link]:
    """Offsets of each link's anchor text; repeated anchors in one block are found in turn."""
    located = []
    cursor: dict[int, int] = {}
    for uri, anchor, block_start in links:
        start = text.find(anchor, cursor.get(block_start, block_start)) if anchor else -1
        if uri and start >= 0:
            cursor[block_start] = start + len(anchor)
            located.append(Link(None, uri, anchor, start, start + len(anchor)))
        elif uri:
            located.append(Link(None, uri, anchor, None, None))
    return located
