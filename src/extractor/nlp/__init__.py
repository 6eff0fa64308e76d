"""Extraction with spaCy: document metadata and four fact tables, each row traceable to its span.

The pipeline's names are imported on first use, so a module that needs only this package's data
(the comparisons' vocabularies, say) does not load spaCy: every command of the CLI imports those.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pipeline import FACT_TABLES, extract, load_pipeline

__all__ = ["FACT_TABLES", "extract", "load_pipeline"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(".pipeline", __name__), name)
