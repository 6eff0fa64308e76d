"""The vocabularies the comparison reads: the extraction's own (metrics, review kinds and
statuses, loaded through the nlp package) and the comparison's few words (`data/vocabulary.json`)."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ..nlp.vocabularies import load_data

STATUS_ORDER = ("commissioned", "ongoing", "completed", "published")  # later is further on


@lru_cache(maxsize=1)
def own() -> dict[str, Any]:
    vocabulary: dict[str, Any] = json.loads(resources.files("extractor.compare").joinpath("data", "vocabulary.json").read_text(encoding="utf-8"))
    return vocabulary


@lru_cache(maxsize=1)
def metrics() -> dict[str, dict[str, Any]]:
    """Metric key → its entry (definition, phrases, heads) in the extraction's metrics vocabulary."""
    return {key: value for key, value in load_data("metrics.json").items() if isinstance(value, dict)}


def metric_labels() -> dict[str, str]:
    """Metric key → its definition ("Children subject to a child protection plan")."""
    return {key: str(value.get("definition") or key) for key, value in metrics().items()}


@lru_cache(maxsize=1)
def review_kinds() -> dict[str, list[str]]:
    """Review kind → the phrases that name it."""
    return {kind: [str(phrase) for phrase in phrases] for kind, phrases in load_data("review_kinds.json")["kinds"].items()}


@lru_cache(maxsize=1)
def national_bodies() -> list[str]:
    return [str(body) for body in load_data("review_kinds.json").get("national_bodies", [])]


@cache
def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `phrases` as whole words, longest first, case-insensitive."""
    ordered = sorted({phrase.lower() for phrase in phrases if phrase.strip()}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(phrase) for phrase in ordered) + r")(?![\w])", re.IGNORECASE)


def last_phrase(text: str, phrases: dict[str, list[str]]) -> str | None:
    """The key whose phrase ends last in `text`: the one nearest what follows ("held 12 rapid
    reviews and commissioned" -> commissioned)."""
    best: tuple[int, str] | None = None
    for key, words in phrases.items():
        for found in phrase_pattern(tuple(words)).finditer(text):
            if best is None or found.end() > best[0]:
                best = (found.end(), key)
    return best[1] if best else None


def first_phrase(text: str, phrases: dict[str, list[str]]) -> str | None:
    """The key whose phrase occurs first in `text` (the longest phrase at that place)."""
    best: tuple[int, int, str] | None = None
    for key, words in phrases.items():
        found = phrase_pattern(tuple(words)).search(text)
        if found and (best is None or (found.start(), -len(found.group(0))) < best[:2]):
            best = (found.start(), -len(found.group(0)), key)
    return best[2] if best else None
