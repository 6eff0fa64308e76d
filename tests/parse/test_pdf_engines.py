"""The PDFium fast path reads what pdfplumber reads: the same words in the same places (turned
pages and shifted MediaBoxes too), the same statuses on other people's hard PDFs, nearly the same
text on real inspection reports, and the same extraction scores on both corpora."""

from __future__ import annotations

import ctypes
import difflib
import io
import shutil

import pandas as pd
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as fpdf
import pytest

from extractor.config import Parse, Settings
from extractor.errors import DocumentError
from extractor.evaluate import FACT_TABLES, score
from extractor.ingest import ingest
from extractor.parse import parse_bytes
from extractor.parse import pdfium as fast
from extractor.parse.words import group_words
from extractor.tables import TABLES
from tests.helpers import CORPUS, CORPUS_FILES, REALWORLD, ROBUSTNESS, ROOT

SUMMARY = CORPUS / "wirral-scp-annual-report-2023-24-summary.pdf"  # one page of prose, pictures, no drawn table
PAPER = CORPUS / "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf"  # page 6: a ruled grid, too empty for a table
TABLED = CORPUS / "worcestershire-2022-02-15-hwb-scp-annual-report-2020-21.pdf"  # page 1: a ruled table
GENRE_PDFS = sorted((ROOT / "corpus" / "genre" / "docs").glob("*.pdf"))
# a row of spaces drawn under each date, which PDFium leaves out of its text and pdfplumber sorts
# in among the digits ('0 3 / 2 5 / 2 0 16'): the cells hold the same chars, spaced differently
SPACED_APART = {"WARN-Report-for-7-1-2015-to-03-25-2016.pdf"}
OFSTED = REALWORLD / "ofsted-ilacs-sample"
MAX_OFSTED_WORD_DIFFERENCE = 0.003  # measured 0.0015 (344 of 237,405 words, table pages read by PDFium): see docs/parsing.md
SCORE_TOLERANCE = 0.01
SAME_PLACE = 1.0  # points: a word's four edges within this of pdfplumber's


def _variant(path, rotation: int, offset: tuple[float, float]) -> bytes:
    """The PDF's first page turned by `rotation` with its MediaBox moved by `offset`."""
    pdf = pdfium.PdfDocument(path)
    page = pdf[0]
    left, bottom, right, top = page.get_mediabox()
    page.set_mediabox(left + offset[0], bottom + offset[1], right + offset[0], top + offset[1])
    page.set_rotation(rotation)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _placed(word: dict, others: list[dict]) -> bool:
    return any(
        other["text"] == word["text"] and all(abs(word[key] - other[key]) <= SAME_PLACE for key in ("x0", "x1", "top", "bottom")) for other in others
    )


@pytest.mark.parametrize("rotation", [0, 90, 270])
@pytest.mark.parametrize("offset", [(0.0, 0.0), (15.0, 25.0)])
def test_fast_words_sit_where_pdfplumber_puts_them(rotation, offset):
    data = _variant(SUMMARY, rotation, offset)
    pdf = pdfium.PdfDocument(data)
    page = fast.read_page(pdf, pdf[0], 1)
    assert page is not None
    plumber = pdfplumber.open(io.BytesIO(data)).pages[0]
    theirs = plumber.extract_words()
    assert (page.width, page.height) == pytest.approx((float(plumber.width), float(plumber.height)), abs=0.01)
    ours = [word for word, _ in page.words]
    assert abs(len(ours) - len(theirs)) <= 0.02 * len(theirs)
    assert sum(_placed(word, theirs) for word in ours) >= 0.95 * len(theirs)


def test_a_page_turned_half_round_is_left_to_pdfplumber():
    pdf = pdfium.PdfDocument(_variant(SUMMARY, 180, (0.0, 0.0)))
    assert fast.read_page(pdf, pdf[0], 1) is None


def test_group_words_is_pdfplumbers_extract_words():
    """On pdfplumber's own chars, the grouping gives pdfplumber's words exactly."""
    with pdfplumber.open(PAPER) as pdf:
        for page in pdf.pages[:3]:
            chars = page.chars
            expected = page.extract_words()
            got = [word for word, _ in group_words(chars)]
            assert [w["text"] for w in got] == [w["text"] for w in expected]
            assert [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in got] == [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in expected]


def _cells(document) -> list[tuple]:
    return [(cell.page, cell.table_index, cell.row, cell.col, cell.text) for cell in document.cells]


def test_a_ruled_table_is_read_by_pdfium_with_the_cells_pdfplumber_gives():
    data = TABLED.read_bytes()
    pdf = pdfium.PdfDocument(data)
    page = fast.read_page(pdf, pdf[0], 1)
    assert page is not None and page.tables
    ours, theirs = _cells(parse_bytes(data, "x")), _cells(parse_bytes(data, "x", pdf_engine="pdfplumber"))
    assert ours and ours == theirs


def test_a_ruled_grid_too_empty_for_a_table_gives_no_table_on_either_engine():
    data = PAPER.read_bytes()
    pdf = pdfium.PdfDocument(data)
    to_plumber, width, height = fast._plumber_space(pdf[5])
    assert fast._grids(list(fast._page_objects(pdf[5].raw, to_plumber)), width, height)  # the grid is there
    page = fast.read_page(pdf, pdf[5], 6)
    assert page is not None and page.tables == []
    assert _cells(parse_bytes(data, "x", pdf_engine="pdfplumber")) == _cells(parse_bytes(data, "x")) == []


def _ruled_grid_of_words(rows: list[list[list[str]]], gap: float, spaces: bool = False) -> bytes:
    """A one-page PDF: a ruled grid whose cells hold words each drawn as its own text object,
    `gap` times the width of a space apart, with no space between them, or (`spaces`) a space
    drawn as a text object of its own."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(400, 300)
    font = fpdf.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    size, left, top, column, height = 10.0, 50.0, 250.0, 150.0, 30.0

    def line(x0: float, y0: float, x1: float, y1: float) -> None:
        path = fpdf.FPDFPageObj_CreateNewPath(x0, y0)
        fpdf.FPDFPath_LineTo(path, x1, y1)
        fpdf.FPDFPath_SetDrawMode(path, 0, 1)
        fpdf.FPDFPage_InsertObject(page.raw, path)

    for r, row in enumerate(rows):
        for c, words in enumerate(row):
            x, y = left + c * column + 5, top - (r + 1) * height + 10
            for i, word in enumerate(words):
                _draw_text(pdf, page, font, size, word, x, y)
                x += _advance(font, size, word)
                if spaces and i < len(words) - 1:
                    _draw_text(pdf, page, font, size, " ", x, y)
                x += gap * _advance(font, size, " ")
    for r in range(len(rows) + 1):
        line(left, top - r * height, left + len(rows[0]) * column, top - r * height)
    for c in range(len(rows[0]) + 1):
        line(left + c * column, top, left + c * column, top - len(rows) * height)
    return _saved(pdf, page)


def _draw_text(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, font, size: float, text: str, x: float, y: float) -> None:  # type: ignore[no-untyped-def]
    """`text` as a text object of its own at (x, y)."""
    drawn = fpdf.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
    fpdf.FPDFText_SetText(drawn, ctypes.cast(ctypes.create_string_buffer((text + "\0").encode("utf-16-le")), fpdf.FPDF_WIDESTRING))
    fpdf.FPDFPageObj_Transform(drawn, 1, 0, 0, 1, x, y)
    fpdf.FPDFPage_InsertObject(page.raw, drawn)


def _advance(font, size: float, text: str) -> float:  # type: ignore[no-untyped-def]
    """How far `text` moves the pen in `font` at `size`: the sum of its glyphs' widths."""
    width = ctypes.c_float()
    return sum(fpdf.FPDFFont_GetGlyphWidth(font, ord(char), size, width) and width.value for char in text)


def _saved(pdf: pdfium.PdfDocument, page: pdfium.PdfPage) -> bytes:
    fpdf.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_a_page_drawn_glyph_by_glyph_with_spaces_of_their_own_is_read_by_pdfium():
    """Each glyph its own text object, each space too: the spaces draw no ink, so PDFium reading
    fewer chars than there are objects does not mean it lost any."""
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(300, 200)
    font = fpdf.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for row, line in enumerate(["Early help for families", "is a priority"]):
        x = 40.0
        for char in line:
            _draw_text(pdf, page, font, 12.0, char, x, 160.0 - 20 * row)
            x += _advance(font, 12.0, char)
    data = _saved(pdf, page)
    fast_pdf = pdfium.PdfDocument(data)
    assert fast.read_page(fast_pdf, fast_pdf[0], 1) is not None
    assert parse_bytes(data, "x").text == parse_bytes(data, "x", pdf_engine="pdfplumber").text == "Early help for families is a priority"


GRID_OF_WORDS = [[["Priority"], ["Status"]], [["Early", "help"], ["On", "track"]]]


@pytest.mark.parametrize("gap", [1.0, 0.8])
def test_words_a_space_apart_in_a_cell_with_no_space_drawn_are_glued_on_both_engines(gap):
    """PDFium marks the break with a space of its own, which the PDF does not draw: left out, as
    pdfminer has it, and the page is not handed to pdfplumber for it."""
    data = _ruled_grid_of_words(GRID_OF_WORDS, gap=gap)
    pdf = pdfium.PdfDocument(data)
    page = fast.read_page(pdf, pdf[0], 1)
    assert page is not None and [rows for _, rows in page.tables] == [[["Priority", "Status"], ["Earlyhelp", "Ontrack"]]]
    for engine in ("auto", "pdfplumber"):
        assert [cell.text for cell in parse_bytes(data, "x", pdf_engine=engine).cells] == ["Priority", "Status", "Earlyhelp", "Ontrack"], engine


@pytest.mark.parametrize("gap", [1.0, 0.0])
def test_a_space_drawn_as_an_object_of_its_own_in_a_cell_splits_its_words_on_both_engines(gap):
    """PDFium reads no char from a space drawn alone: it marks the space it puts there as
    generated, like one it adds, or (the next word drawn where the space starts, `gap` 0) puts
    none; the object between the words tells it apart."""
    data = _ruled_grid_of_words(GRID_OF_WORDS, gap=gap, spaces=True)
    pdf = pdfium.PdfDocument(data)
    page = fast.read_page(pdf, pdf[0], 1)
    assert page is not None and [rows for _, rows in page.tables] == [[["Priority", "Status"], ["Early help", "On track"]]]
    for engine in ("auto", "pdfplumber"):
        assert [cell.text for cell in parse_bytes(data, "x", pdf_engine=engine).cells] == ["Priority", "Status", "Early help", "On track"], engine


@pytest.mark.shared
def test_a_space_pdfium_adds_between_cells_does_not_send_the_page_to_pdfplumber():
    """PDFium puts the space it adds between two cells of a row inside the next cell's number
    (between '4,755' and ',785.11'); where the words are farther apart than pdfplumber's word
    break the space changes nothing, so it is left out and the page is read by PDFium."""
    path = ROBUSTNESS / "issue-67-example.pdf"
    pdf = pdfium.PdfDocument(path)
    page = fast.read_page(pdf, pdf[2], 3)
    assert page is not None and any("4,755,785.11" in row for _, rows in page.tables for row in rows)
    ours, theirs = parse_bytes(path.read_bytes(), "x"), parse_bytes(path.read_bytes(), "x", pdf_engine="pdfplumber")
    assert [cell for cell in _cells(ours) if cell[0] == 3] == [cell for cell in _cells(theirs) if cell[0] == 3]


@pytest.mark.shared
def test_control_chars_left_out_of_pdfiums_text_are_read_char_by_char():
    """PDFium's text of this page leaves out its C1 quote marks (\\x93, \\x94), so its indices no
    longer match; read char by char, the page is PDFium's, with the marks pdfminer reads."""
    path = ROBUSTNESS / "issue-71-duplicate-chars-2.pdf"
    pdf = pdfium.PdfDocument(path)
    page = fast.read_page(pdf, pdf[1], 2)
    assert page is not None
    ours = sorted(char for word, _ in page.words for char in word["text"] if char in "\x93\x94")
    with pdfplumber.open(path) as plumbed:
        theirs = sorted(char for word in plumbed.pages[1].dedupe_chars().extract_words() for char in word["text"] if char in "\x93\x94")
    assert theirs and ours == theirs


@pytest.mark.shared
def test_a_grid_holding_turned_text_is_left_to_pdfplumber():
    """pdfminer orders turned chars its own way; the fast path does not guess at it in a cell."""
    path = ROBUSTNESS / "nics-background-checks-2015-11-rotated.pdf"
    pdf = pdfium.PdfDocument(path)
    assert fast.read_page(pdf, pdf[0], 1) is None


def test_a_file_pdfium_cannot_open_is_left_to_pdfplumber_which_says_why():
    assert fast.read_document(b"%PDF-1.7\nnot really a pdf", 10, lambda page: page) is None
    with pytest.raises(DocumentError):
        parse_bytes(b"%PDF-1.7\nnot really a pdf", "x")


def test_the_pdfplumber_engine_never_asks_pdfium(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("PDFium was asked")

    monkeypatch.setattr(fast, "read_document", refuse)
    assert parse_bytes(SUMMARY.read_bytes(), "x", pdf_engine="pdfplumber").text


@pytest.mark.shared
@pytest.mark.slow
def test_robustness_files_get_the_same_status_on_both_engines(parsed_pdf):
    for path in sorted(ROBUSTNESS.glob("*.pdf")):
        ours, theirs = parsed_pdf(path, "auto"), parsed_pdf(path, "pdfplumber")  # any other exception fails the test
        assert type(ours) is type(theirs), path.name
        if isinstance(ours, DocumentError):
            continue
        if path.name in SPACED_APART:
            assert _unspaced(ours) == _unspaced(theirs) and _cells(ours) != _cells(theirs), path.name
        else:
            assert _cells(ours) == _cells(theirs), path.name


def _unspaced(document) -> list[tuple]:
    """The cells with their text's spaces left out."""
    return [(*cell[:4], "".join(cell[4].split())) for cell in _cells(document)]


@pytest.mark.slow
def test_table_cells_are_the_same_on_both_engines_in_the_development_corpus(parsed_pdf):
    for path in GENRE_PDFS + [CORPUS / name for name in CORPUS_FILES if name.endswith(".pdf")]:
        ours, theirs = parsed_pdf(path, "auto"), parsed_pdf(path, "pdfplumber")
        assert _cells(ours) == _cells(theirs), path.name


@pytest.mark.shared
def test_glyphs_pdfium_cannot_map_send_the_page_to_pdfplumber(parsed_pdf):
    """A page of Chinese text whose fonts PDFium reads no Unicode from: pdfplumber's text is kept."""
    path = ROBUSTNESS / "pr-136-example.pdf"
    assert parsed_pdf(path, "auto").text == parsed_pdf(path, "pdfplumber").text


def _word_difference(a: str, b: str) -> tuple[int, int]:
    ours, theirs = a.split(), b.split()
    same = sum(block.size for block in difflib.SequenceMatcher(None, theirs, ours, autojunk=False).get_matching_blocks())
    return max(len(ours), len(theirs)) - same, len(theirs)


@pytest.mark.shared
@pytest.mark.slow
def test_ofsted_reports_read_nearly_word_for_word_alike(parsed_pdf):
    """Every third report of the sample (pdfplumber's path costs 0.15 s a page; the whole sample's
    figure, 344 of 237,405 words, is in docs/parsing.md)."""
    paths = sorted(OFSTED.glob("*.pdf"))[::3]
    assert len(paths) >= 9
    differing = total = 0
    for path in paths:
        ours, theirs = parsed_pdf(path, "auto"), parsed_pdf(path, "pdfplumber")
        assert len(ours.blocks) == len(theirs.blocks) and _cells(ours) == _cells(theirs), path.name
        n, words = _word_difference(ours.text, theirs.text)
        differing, total = differing + n, total + words
    assert differing <= MAX_OFSTED_WORD_DIFFERENCE * total, (differing, total)


def _scores(root, engine: str, documents, gold) -> pd.DataFrame:
    settings = Settings(corpus=root / engine / "corpus", out=root / engine / "out", parse=Parse(pdf_engine=engine))  # type: ignore[arg-type]
    settings.corpus.mkdir(parents=True)
    for path in documents:
        shutil.copy(path, settings.corpus)
    ingest(settings)
    frame = score(gold, {name: pd.read_parquet(settings.out / name) for name in TABLES})
    return frame[frame.group == "overall"].set_index("table")


@pytest.mark.slow
@pytest.mark.parametrize(
    "corpus",
    [
        ("bundled", [CORPUS / name for name in CORPUS_FILES], ROOT / "tests" / "gold"),
        ("genre", GENRE_PDFS, ROOT / "corpus" / "genre" / "gold"),
    ],
    ids=lambda corpus: corpus[0],
)
def test_extraction_scores_match_on_both_engines(tmp_path, corpus):
    """Every fact table's precision and recall within 0.01 (the development corpus's PDFs only:
    its HTML and text files never meet either engine)."""
    _, documents, gold = corpus
    ours, theirs = _scores(tmp_path, "auto", documents, gold), _scores(tmp_path, "pdfplumber", documents, gold)
    for table in FACT_TABLES:
        for measure in ("precision", "recall"):
            assert abs(ours.loc[table, measure] - theirs.loc[table, measure]) <= SCORE_TOLERANCE, (table, measure)
    assert theirs.loc[list(FACT_TABLES), "recall"].min() > 0  # the comparison compares something
