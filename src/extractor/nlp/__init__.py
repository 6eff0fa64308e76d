"""Extraction with spaCy: document metadata and four fact tables, each row traceable to its span."""

from .pipeline import FACT_TABLES, extract, load_pipeline

__all__ = ["FACT_TABLES", "extract", "load_pipeline"]
