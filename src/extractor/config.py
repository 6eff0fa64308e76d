"""Typed settings from `config.yaml`, with embedded defaults so the tool runs with no file at all.

Paths in a config file are relative to that file; paths given on the command line are relative
to the working directory. A wrong value fails with a message naming the file and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

EMBEDDED = "<embedded defaults>"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Limits(_Section):
    """Per-document limits: a pathological file is recorded as failed instead of stalling the run."""

    document_timeout_s: float = Field(120.0, gt=0)
    max_pages: int = Field(2000, gt=0)
    max_bytes: int = Field(200_000_000, gt=0)
    memory_mb: int = Field(4096, gt=0)


class Nlp(_Section):
    pipeline: str = "blank:en"  # or the name of an installed trained spaCy pipeline


class Run(_Section):
    workers: int = Field(2, ge=1, le=64)
    orchestrator: Literal["prefect", "python"] = "prefect"


class Settings(_Section):
    corpus: Path = Path("corpus")
    out: Path = Path("outputs")
    limits: Limits = Limits()
    nlp: Nlp = Nlp()
    run: Run = Run()


def load_settings(path: Path | None = None) -> Settings:
    """Settings from `path` (or `./config.yaml` when it exists), else the embedded defaults."""
    if path is None:
        default = Path("config.yaml")
        if not default.exists():
            return Settings()
        path = default
    if not path.exists():
        raise ConfigError(str(path), "-", "the file does not exist")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), "-", f"not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise ConfigError(str(path), "-", "the top level must be a mapping of settings")
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "-"
        value = f" (got {first['input']!r})" if "input" in first and not isinstance(first["input"], dict) else ""
        raise ConfigError(str(path), field, f"{first['msg']}{value}") from exc
    base = path.resolve().parent
    return settings.model_copy(update={"corpus": base / settings.corpus, "out": base / settings.out})
