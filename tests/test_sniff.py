"""Text decoding: byte-order marks, wide encodings without a mark, declared charsets, and the detector."""

from __future__ import annotations

import pytest

from extractor.parse import HTML, TEXT, parse_bytes, sniff
from extractor.sniff import decode

SENTENCE = "The panel’s grant of £12,500 for 2024–25 paid for a café-style drop-in."


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le"])
def test_unicode_encodings_with_or_without_a_mark_are_read(codec):
    data = SENTENCE.encode(codec)
    assert decode(data) == SENTENCE


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_text_not_binary(codec):
    data = (SENTENCE + "\n\nA second paragraph follows here.\n").encode(codec)
    assert sniff(data) == TEXT
    assert "café-style drop-in" in parse_bytes(data, "x").text


def test_utf16_web_page_is_html():
    page = f"<!DOCTYPE html><html><head><title>Grants</title></head><body><p>{SENTENCE}</p></body></html>"
    data = page.encode("utf-16")
    assert sniff(data) == HTML
    assert SENTENCE in parse_bytes(data, "x").text


def test_windows_1252_without_declaration_is_read_as_windows_1252():
    assert decode(SENTENCE.encode("cp1252")) == SENTENCE


def test_latin1_declaration_is_read_as_windows_1252_like_browsers_do():
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>{SENTENCE}</body></html>'
    assert SENTENCE in decode(page.encode("cp1252"))


def test_declared_charset_is_honoured():
    page = '<html><head><meta charset="koi8-r"></head><body><p>Отчёт о работе партнёрства за год</p></body></html>'
    assert "Отчёт о работе партнёрства" in decode(page.encode("koi8-r"))


def test_xml_declaration_names_the_charset():
    page = '<?xml version="1.0" encoding="iso-8859-15"?><html><body><p>Prix: 5 €</p></body></html>'
    assert "5 €" in decode(page.encode("iso-8859-15"))


def test_wrong_declaration_does_not_make_japanese_into_windows_1252():
    body = "子どもの安全を守るための年次報告書です。地域の皆様の協力に感謝いたします。" * 3
    page = f'<html><head><meta charset="utf-8"></head><body><p>{body}</p></body></html>'
    assert body in decode(page.encode("shift_jis"))


def test_sample_cut_inside_a_character_is_still_utf8():
    data = SENTENCE.encode("utf-8")
    cut = data[: data.index("£".encode()) + 1]
    assert decode(cut).startswith("The panel’s grant of ")
