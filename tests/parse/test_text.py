from __future__ import annotations

from extractor.parse import parse_bytes


def test_paragraphs_bullets_and_headings():
    data = "# Our priorities\n\nWe will focus on three areas:\n\n• Neglect\n• Exploitation\n  in the community\n\nEnd of the\nparagraph.\n".encode()
    document = parse_bytes(data, "x")
    kinds = [(b.kind, b.text) for b in document.blocks]
    assert kinds == [
        ("heading", "Our priorities"),
        ("paragraph", "We will focus on three areas:"),
        ("list_item", "Neglect"),
        ("list_item", "Exploitation in the community"),
        ("paragraph", "End of the paragraph."),
    ]
    assert document.title == "Our priorities"


def test_windows_1252_text_is_read():
    document = parse_bytes("Budget of \u00a3300,000 for 2023\u201324".encode("cp1252"), "x")
    assert "£300,000" in document.text and "2023–24" in document.text
