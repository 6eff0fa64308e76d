"""Every offset points into the document's text: blocks and links, for every corpus document."""

from __future__ import annotations

import pytest

from tests.helpers import CORPUS_FILES


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_block_offsets_slice_the_text(corpus_documents, name):
    document = corpus_documents[name]
    assert document.blocks
    for block in document.blocks:
        assert document.text[block.char_start : block.char_end] == block.text


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_blocks_are_in_order_and_do_not_overlap(corpus_documents, name):
    blocks = corpus_documents[name].blocks
    assert all(a.char_end <= b.char_start for a, b in zip(blocks, blocks[1:]))


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_link_offsets_slice_their_anchor_text(corpus_documents, name):
    document = corpus_documents[name]
    for link in document.links:
        if link.char_start is not None:
            assert document.text[link.char_start : link.char_end] == link.text


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_cell_offsets_slice_their_text_inside_a_table_block(corpus_documents, name):
    document = corpus_documents[name]
    tables = [b for b in document.blocks if b.kind == "table"]
    for cell in document.cells:
        assert document.text[cell.char_start : cell.char_end] == cell.text
        assert any(t.char_start <= cell.char_start <= cell.char_end <= t.char_end for t in tables)


def test_a_table_is_one_block_of_rows_with_cells_at_their_offsets():
    from extractor.model import TextBuilder

    builder = TextBuilder()
    builder.add("paragraph", 1, "Before the table.")
    cells = builder.add_table(1, [["Measure", " 2023 "], ["Referrals  received", "1,204"], ["", ""]], 0)
    text = builder.text
    assert [b.kind for b in builder.blocks] == ["paragraph", "table"]
    assert builder.blocks[1].text == "Measure | 2023\nReferrals received | 1,204"
    assert [(c.row, c.col, text[c.char_start : c.char_end]) for c in cells] == [
        (0, 0, "Measure"),
        (0, 1, "2023"),
        (1, 0, "Referrals received"),
        (1, 1, "1,204"),
    ]
