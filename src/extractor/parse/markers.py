"""The shapes of lines that tell structure (list markers, item runs, titles): one grammar for the text and HTML parsers.

The extraction reads list structure from `Document.blocks`; this module only tells the parsers where an item starts.
"""

from __future__ import annotations

import re

from . import layout

PRIVATE_USE_BULLETS = "".join(chr(code) for code in range(0xF000, 0xF100))  # Symbol/Wingdings glyphs
BULLETS = frozenset(layout.BULLETS) | frozenset("·‣⁃∙o") | frozenset(PRIVATE_USE_BULLETS)
GLUED_BULLETS = frozenset(layout.GLUED_BULLETS) | frozenset("·‣∙") | frozenset(PRIVATE_USE_BULLETS)
CID_BULLET = re.compile(r"\(cid:\d+\)\s*")
# "1.", "1)", "(1)", "1.1", "1.2.3", "(i)", "iv.", "(a)", "a)", "b.", "(A)", "A)"; at most two digits a level, so a
# year or an amount never numbers a line.
NUMBERING = re.compile(
    r"(?P<marker>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|\(\d{1,2}\)|\((?:[ivx]{1,5}|[a-z])\)|(?:[ivx]{1,5}|[a-z])[.)]"
    r"|\([A-Z]\)|[A-Z]\))\s+(?P<rest>\S.*)$"
)
DECIMAL = re.compile(r"\d+\.\d+$")
NAVIGATION = re.compile(r" [|>›»] ")  # "Home > Reports > …", "Privacy | Cookies": a menu, not a title or an item
MAX_ITEM_WORDS = 15
MAX_TITLE_WORDS = 12
MAX_TITLE_CHARS = 90
NOT_A_TITLE_END = tuple(".,;:!-–")
NOT_AN_ITEM_END = tuple(".,:!?")


def split_marker(line: str) -> tuple[str, str, str] | None:
    """(kind, marker, rest) when `line` opens a list item: kind is 'bullet' or 'number'; None for any other line."""
    line = line.strip()
    cid = CID_BULLET.match(line)
    if cid and line[cid.end() :]:
        return "bullet", cid.group().strip(), line[cid.end() :]
    if len(line) > 1 and line[0] in BULLETS:
        rest = line[1:]
        if rest[0].isspace() and rest.strip() and (line[0] != "o" or rest.strip()[0].isupper()):
            return "bullet", line[0], rest.strip()
        if line[0] in GLUED_BULLETS and rest.strip():
            return "bullet", line[0], rest.strip()
        return None
    match = NUMBERING.match(line)
    if match is None:
        return None
    marker, rest = match.group("marker"), match.group("rest")
    if DECIMAL.match(marker) and rest[0].islower():
        return None  # "10.5 million children …": a number opening a wrapped line, not a paragraph number
    return "number", marker, rest


def depth(marker: str) -> tuple[str, int]:
    """The style and level of a numbering marker, so "2.0" then "2.1" reads as a heading and its first paragraph."""
    if re.match(r"\d", marker):
        core = marker.rstrip(".)")
        return "decimal", core.removesuffix(".0").count(".")  # "2.0" is the level of "2."
    style = "paren" if marker.startswith("(") else "suffix"
    core = marker.strip("().")
    return (f"roman-{style}" if set(core) <= set("ivx") else f"letter-{style}"), 0


def title_like(line: str) -> bool:
    marker = split_marker(line)
    words = (marker[2] if marker and marker[0] == "number" else line).split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(line) <= MAX_TITLE_CHARS
        and not line.endswith(NOT_A_TITLE_END)
        and ";" not in line
        and not NAVIGATION.search(line)
        and (words[0][:1].isupper() or words[0][:1] in "\"'‘“")
        and any(ch.isalpha() for ch in line)
    )


def all_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def item_run(lines: list[str], start: int) -> list[str]:
    """The short lines from `start` that read as one item each: no final punctuation, not wrapped prose."""
    run: list[str] = []
    for raw in lines[start:]:
        line = raw.strip()
        if split_marker(line) or all_caps(line) or len(line.split()) > MAX_ITEM_WORDS or NAVIGATION.search(line):
            break
        if line.endswith(NOT_AN_ITEM_END) or line[:1].islower() or line.endswith("-"):
            break
        run.append(line)
    following = lines[start + len(run)].strip() if start + len(run) < len(lines) else ""
    if run and following[:1].islower():
        run.pop()  # the last short line is the first line of a wrapped sentence
    return run
