"""HTML to `Document`: the main content only (trafilatura removes navigation and boilerplate)."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from ..errors import EmptyDocument, UnsupportedType
from ..model import Document, Link, TableCell, TextBuilder
from .detect import HTML, decode

ERROR_PAGE = re.compile(
    r"\b(page not found|not found|forbidden|access denied|server error)\b|(?<![\d,.£$])\b(404|403|500)\b(?![,.]?\d)", re.IGNORECASE
)
MAX_ERROR_PAGE_CHARS = 2000
KINDS = {"head": "heading", "p": "paragraph", "item": "list_item", "quote": "paragraph", "table": "table"}


def parse_html(data: bytes, doc_id: str) -> Document:
    html = decode(data)
    metadata = trafilatura.extract_metadata(html)
    title = metadata.title if metadata and metadata.title else None
    xml = trafilatura.extract(
        html, output_format="xml", include_formatting=True, include_links=True, include_tables=True
    )
    if not xml:
        xml = trafilatura.extract(html, output_format="xml", include_links=True, favor_recall=True)
    if not xml:
        raise EmptyDocument("The web page has no main text (it may be a menu, a redirect or a script-only page).")
    root = etree.fromstring(xml.encode("utf-8"))
    builder = TextBuilder()
    links: list[tuple[str, str, int]] = []
    main = root.find("main")
    cells: list[TableCell] = []
    for element in (main if main is not None else root).iter(*KINDS):
        if element.tag == "p" and _inside(element, ("item", "table", "cell")):
            continue
        if element.tag == "table":
            rows = [["".join(c.itertext()) for c in row.iter("cell")] for row in element.iter("row")]
            table_cells = builder.add_table(None, rows, len({c.table_index for c in cells}))
            cells.extend(table_cells)
            block = builder.blocks[-1] if table_cells else None
        else:
            text = " ".join("".join(_text_without_nested_lists(element)).split())
            block = builder.add(KINDS[element.tag], None, text)
        if block is not None:
            links.extend((ref.get("target", ""), " ".join("".join(ref.itertext()).split()), block.char_start) for ref in element.iter("ref"))
    text = builder.text
    if _is_error_page(title, text):
        raise UnsupportedType(f"The file is a web error page ('{title or text[:80]}'), not a document.")
    return Document(doc_id, HTML, text, title, None, builder.blocks, cells, _locate(text, links))


def _inside(element: etree._Element, tags: tuple[str, ...]) -> bool:
    return any(parent.tag in tags for parent in element.iterancestors())


def _text_without_nested_lists(element: etree._Element) -> list[str]:
    """An item's own text; items of a nested list become blocks of their own."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.extend(_text_without_nested_lists(child))
        parts.append(child.tail or "")
    return parts


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
