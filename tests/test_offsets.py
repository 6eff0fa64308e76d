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
