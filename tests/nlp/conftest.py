"""Fixtures of the extraction tests."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import extractor.nlp  # noqa: F401  (registers the components)


@pytest.fixture(scope="module")
def nlp() -> Language:
    """The sentences and statistics components alone, on a blank English pipeline."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentences")
    pipeline.add_pipe("statistics")
    return pipeline
