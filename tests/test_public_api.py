"""The public API changes only on purpose: `extractor.__all__` is pinned here, every name in it
resolves, and importing the package loads neither spaCy nor pdfplumber."""

from __future__ import annotations

import subprocess
import sys

import extractor

PUBLIC = {
    "__version__",
    "ingest",
    "load_settings",
    "Settings",
    "extract",
    "load_pipeline",
    "parse_bytes",
    "Document",
    "DocumentRef",
    "query",
    "connect",
    "read_tables",
    "ExtractorError",
    "ConfigError",
    "OutputError",
    "QueryError",
    "DocumentError",
    "FetchError",
    "WorkersCannotStart",
}


def test_the_public_names_are_pinned():
    assert set(extractor.__all__) == PUBLIC
    assert len(extractor.__all__) == len(PUBLIC)


def test_every_public_name_resolves():
    for name in extractor.__all__:
        assert getattr(extractor, name) is not None, name
    assert issubclass(extractor.ConfigError, extractor.ExtractorError)


def test_an_unknown_name_is_an_attribute_error():
    try:
        extractor.no_such_thing  # noqa: B018
    except AttributeError as exc:
        assert "no_such_thing" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")


def test_importing_the_package_stays_light():
    code = "import sys, extractor; print(' '.join(m for m in ('spacy', 'pdfplumber', 'duckdb') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == ""


def test_the_flows_are_installed_inside_the_package_not_as_a_top_level_package(tmp_path):
    """`flows/` at the top of the repository ships as `extractor.flows`: a package named `flows`
    in site-packages would collide with any other of that name."""
    probe = "import importlib.util as u; print(u.find_spec('flows') is None, u.find_spec('extractor.flows.ingest') is not None)"
    found = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["True", "True"]
