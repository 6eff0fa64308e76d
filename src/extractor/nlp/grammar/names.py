"""Names of reviews as the genre writes them: letter codes ("Child G", "Young Person A", "A1")."""

from __future__ import annotations

CODE_PATTERN = r"^[A-Z]{1,2}\d{0,2}$"  # "X", "XY", "A1"
