"""Read safeguarding partnership reports and committee papers into queryable tables.

The documented API (imported on first use, so `import extractor` stays light and spaCy loads only
where a document is extracted):

    ingest(settings)          the whole job: discover, fetch, parse, extract, publish the tables
    load_settings(path)       settings from config.yaml (or the defaults); Settings is their type
    extract(document)         metadata and fact rows of one parsed Document; load_pipeline() the spaCy pipeline
    parse_bytes(data, doc_id) bytes to a Document (PDF, HTML or text, told by content)
    query(sql, tables)        DuckDB SQL over the published tables; connect(tables) the connection;
                              read_tables(tables) the tables as pandas DataFrames
    ExtractorError, ConfigError, OutputError, QueryError, DocumentError, FetchError,
    WorkersCannotStart: the error tree
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_HOMES = {
    "ingest": "extractor.ingest",
    "load_settings": "extractor.config",
    "Settings": "extractor.config",
    "extract": "extractor.nlp",
    "load_pipeline": "extractor.nlp",
    "parse_bytes": "extractor.parse",
    "Document": "extractor.model",
    "DocumentRef": "extractor.model",
    "query": "extractor.query",
    "connect": "extractor.query",
    "read_tables": "extractor.query",
    "ExtractorError": "extractor.errors",
    "ConfigError": "extractor.errors",
    "OutputError": "extractor.errors",
    "QueryError": "extractor.errors",
    "DocumentError": "extractor.errors",
    "FetchError": "extractor.errors",
    "WorkersCannotStart": "extractor.errors",
}

__all__ = ["__version__", *_HOMES]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
