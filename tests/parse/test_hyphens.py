"""Line-end hyphens: a compound keeps its hyphen, a word broken by hyphenation is mended."""

from __future__ import annotations

from extractor.parse import hyphens, layout


def test_a_compound_whose_parts_the_document_uses_keeps_its_hyphen():
    known = hyphens.vocabulary(["the problem was raised", "after solving it the team moved on"])
    assert layout.join_lines(["shared problem-", "solving sessions"], known) == "shared problem-solving sessions"


def test_a_word_broken_by_hyphenation_is_mended():
    known = hyphens.vocabulary(["new arrangements were agreed"])
    assert layout.join_lines(["the arrange-", "ments for summer"], known) == "the arrangements for summer"


def test_fragments_that_are_no_words_are_joined_even_unseen():
    assert layout.join_lines(["the reorganisa-", "tion of teams"]) == "the reorganisation of teams"


def test_a_compound_seen_whole_elsewhere_keeps_its_hyphen():
    known = hyphens.vocabulary(["their ring-fenced budget"])
    assert layout.join_lines(["a ring-", "fenced grant"], known) == "a ring-fenced grant"


def test_the_pieces_around_a_line_end_hyphen_are_not_taken_as_words():
    known = hyphens.vocabulary(["the organisa-", "tion grew"])
    assert "organisa" not in known and "tion" not in known and "grew" in known


def test_a_hyphen_before_a_number_stays_with_it():
    assert layout.join_lines(["during the SARS-", "2 wave"]) == "during the SARS-2 wave"


def test_a_capital_after_a_line_end_hyphen_keeps_the_hyphen():
    assert layout.join_lines(["the pan-", "European study"]) == "the pan-European study"
