"""The vocabulary files packaged in `extractor/nlp/data`, read without loading spaCy: the
comparisons read them too, in every command of the CLI."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "extractor.nlp.data"


@lru_cache(maxsize=None)
def load_data(name: str) -> Any:
    """A vocabulary file packaged in `extractor/nlp/data`, parsed once per process."""
    return json.loads(resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8"))
