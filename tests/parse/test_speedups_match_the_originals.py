"""The faster versions of pdfplumber and spaCy helpers give exactly the originals' results."""

from __future__ import annotations

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils import dedupe_chars

from extractor.nlp.pipeline import _PageIndex, _SentenceIndex, annotate, load_pipeline, page_at
from extractor.parse import layout
from extractor.parse.cells import table_text
from extractor.parse.words import unique_chars
from tests.helpers import CORPUS, CORPUS_FILES, ROBUSTNESS

# (file, pages): pages with duplicated chars and pages without; the federal register's first page is
# dense (6,195 chars) and has none, where pdfplumber's dedupe_chars alone takes 1.5 s a page
DUPLICATE_CHARS = [("issue-71-duplicate-chars.pdf", 3), ("issue-71-duplicate-chars-2.pdf", 3), ("federal-register-2020-17221.pdf", 1)]
# ruled tables: tight columns, numbers, French and Chinese text, a row of spaces under dates, turned text
TABLES = [
    "senate-expenditures.pdf",
    "nics-background-checks-2015-11.pdf",
    "nics-background-checks-2015-11-rotated.pdf",
    "issue-336-example.pdf",
    "issue-67-example.pdf",
    "WARN-Report-for-7-1-2015-to-03-25-2016.pdf",
]


@pytest.mark.shared
@pytest.mark.parametrize("name, pages", DUPLICATE_CHARS)
def test_unique_chars_is_pdfplumbers_dedupe_chars(name, pages):
    with pdfplumber.open(ROBUSTNESS / name) as pdf:
        for page in pdf.pages[:pages]:
            ours = unique_chars(page.chars)
            assert [id(c) for c in ours] == [id(c) for c in dedupe_chars(page.chars)]
            assert len(ours) <= len(page.chars)


def test_duplicates_are_removed():
    char = {"upright": True, "text": "a", "fontname": "F", "size": 10.0, "doctop": 5.0, "x0": 1.0}
    near = {**char, "doctop": 5.4, "x0": 1.3}
    other = {**char, "text": "b"}
    assert unique_chars([char, near, other]) == [char, other]


@pytest.mark.shared
@pytest.mark.parametrize(
    "path, first",
    [(ROBUSTNESS / name, 0) for name in TABLES]
    + [(ROBUSTNESS / "chelsea_pdta.pdf", 9), (CORPUS / "worcestershire-2022-02-15-hwb-scp-annual-report-2020-21.pdf", 0)],
)
def test_table_text_is_table_extract(path, first):
    with pdfplumber.open(path) as pdf:
        found = 0
        for page in pdf.pages[first : first + 4]:
            for table in page.find_tables():
                assert table_text(table, page.chars) == table.extract()
                found += 1
        assert found


@pytest.mark.parametrize("name", [n for n in CORPUS_FILES if n.endswith(".pdf")])
def test_sentence_and_page_lookups_match_spacy_and_page_at(name, corpus_documents):
    document = corpus_documents[name]
    doc = annotate(document, load_pipeline())
    sentences, pages = _SentenceIndex(doc), _PageIndex(document)
    for token in doc:
        assert sentences.around(token.i, token.i) == (token.sent.start_char, token.sent.end_char)
    for offset in range(0, len(document.text) + 3, 7):
        assert pages.page(offset) == page_at(document, offset)
    assert doc.text == document.text  # fact rows slice document.text in place of doc.text


def _lines_by_first_overlap(words):
    """The original grouping: each word (by top, then x0) joins the first line it overlaps enough."""
    lines, bands = [], []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line, band in zip(lines, bands):
            overlap = min(band[1], word["bottom"]) - max(band[0], word["top"])
            height = min(band[1] - band[0], word["bottom"] - word["top"]) or 1.0
            if overlap / height >= layout.MIN_LINE_OVERLAP:
                line.append(word)
                band[:] = [max(band[0], word["top"]), min(band[1], word["bottom"])]
                break
        else:
            lines.append([word])
            bands.append([word["top"], word["bottom"]])
    return sorted((sorted(w["text"] for w in line) for line in lines), key=lambda texts: texts[0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12), st.integers(0, 60)), min_size=1, max_size=40))
def test_lines_of_groups_words_like_the_quadratic_original(boxes):
    # tops and heights on a coarse grid, so words overlap partly, fully, and not at all
    words = [
        {"text": f"w{i}", "x0": float(x), "x1": x + 5.0, "top": top / 2, "bottom": (top + height) / 2} for i, (top, height, x) in enumerate(boxes)
    ]
    ours = sorted((sorted(w["text"] for w in line.words) for line in layout.lines_of([dict(w) for w in words], 1)), key=lambda texts: texts[0])
    assert ours == _lines_by_first_overlap(words)
