"""Names of reviews as the genre writes them: letter codes ("Child G", "Young Person A", "A1",
"R1/R2"), case codes ("CHS20/NDS20"), and quoted pseudonyms or titles (‘Rosie’, “Kai and Mia”)."""

from __future__ import annotations

import re

CODE_PATTERN = r"^[A-Z]{1,2}\d{0,2}$"  # "X", "XY", "A1"
# The tokenizer keeps a sentence's full stop on a capital letter ("... about Child T."), so a
# code token may end in "."; the stop is left out of the name.
CODE_TOKEN_PATTERN = r"^[A-Z]{1,2}\d{0,2}\.?$"
# Codes of several children in one review: "R1/R2", "D/E".
JOINT_CODE_PATTERN = r"^[A-Z]{1,2}\d{0,2}(/[A-Z]{1,2}\d{0,2})+$"
# A case code, letters then digits, possibly several joined by "/": "CHS20", "CHS20/NDS20" (the
# tokenizer splits at the "/", so `case_code_end` walks the tokens).
CASE_CODE_PATTERN = r"^[A-Z]{2,5}\d{2,4}(/[A-Z]{2,5}\d{2,4})*$"
CODE_JOINER = "/"
OPEN_QUOTES = frozenset({"‘", "'", "“", '"', "`", "``"})
CLOSE_QUOTES = frozenset({"’", "'", "”", '"', "''"})
QUOTE_CHARS = "‘’“”\"'`"


def is_code(text: str) -> bool:
    """A letter code as one token: "G", "XY", "A1", with the full stop the tokenizer may leave."""
    return bool(re.match(CODE_TOKEN_PATTERN, text))


def is_case_code(text: str) -> bool:
    """A case code such as "CHS20" or "CHS20/NDS20", which names a review when no name is given."""
    return bool(re.match(CASE_CODE_PATTERN, text))


def unquoted(text: str) -> str:
    """A name without the typographic quotes round it: "‘Rosie’" gives "Rosie"."""
    return text.strip().strip(QUOTE_CHARS).strip()


def case_code_end(words: list[str], start: int) -> int | None:
    """The end (exclusive) of a case code written as tokens from `start` ("CHS20", "/", "NDS20"), or None."""
    if start >= len(words) or not is_case_code(words[start]):
        return None
    end = start + 1
    while end + 1 < len(words) and words[end] == CODE_JOINER and is_case_code(words[end + 1]):
        end += 2
    return end
