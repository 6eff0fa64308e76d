from __future__ import annotations

from pathlib import Path

import pytest

from extractor.config import Parse, Settings, load_settings
from extractor.document import extractor_version
from extractor.errors import ConfigError
from tests.helpers import ROOT


def test_bundled_config_equals_the_embedded_defaults():
    bundled = load_settings(ROOT / "config.yaml")
    defaults = Settings()
    assert bundled.limits == defaults.limits and bundled.nlp == defaults.nlp and bundled.run == defaults.run
    assert bundled.parse == defaults.parse
    assert bundled.corpus == ROOT / "corpus" and bundled.out == ROOT / "outputs"


def test_a_path_given_as_a_string_is_read_like_a_path():
    assert load_settings(str(ROOT / "config.yaml")) == load_settings(ROOT / "config.yaml")


def test_bad_value_names_the_file_and_the_field(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("limits:\n  document_timeout_s: -5\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    message = str(error.value)
    assert str(path) in message and "limits.document_timeout_s" in message and "-5" in message


def test_unknown_field_is_an_error_not_ignored(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("run:\n  wokers: 4\n")
    with pytest.raises(ConfigError, match="run.wokers"):
        load_settings(path)


def test_invalid_yaml(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("limits: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(path)


def test_paths_are_relative_to_the_config_file(tmp_path: Path):
    path = tmp_path / "sub" / "config.yaml"
    path.parent.mkdir()
    path.write_text("corpus: docs\nout: tables\n")
    settings = load_settings(path)
    assert settings.corpus == path.parent / "docs" and settings.out == path.parent / "tables"


def test_bundled_sources_fetch_and_schedule_equal_the_embedded_defaults():
    bundled, defaults = load_settings(ROOT / "config.yaml"), Settings()
    assert bundled.sources == defaults.sources and bundled.schedule == defaults.schedule
    assert bundled.fetch == defaults.fetch.model_copy(update={"raw_store": ROOT / "corpus" / "raw"})
    assert bundled.run.source == "local" and not bundled.fetch.allow_private_addresses


def test_bundled_sources_are_wirral_and_worcestershire_disabled():
    settings = Settings()
    assert set(settings.sources) == {"wirral", "worcestershire"} and settings.enabled_sources() == {}
    hosts = {url.split("/")[2] for source in settings.sources.values() for url in source.urls()}
    assert hosts == {
        "www.wirralsafeguarding.co.uk",
        "democracy.wirral.gov.uk",
        "www.safeguardingworcestershire.org.uk",
        "worcestershire.moderngov.co.uk",
    }


@pytest.mark.parametrize(
    ("yaml_text", "field", "problem"),
    [
        ("sources:\n  x:\n    area: X\n    documents: ['file:///etc/passwd']\n", "sources.x.documents.0", "only http:// and https://"),
        (
            "sources:\n  x:\n    area: X\n    listings: [{url: 'https://a.example/', include: ['(unclosed']}]\n",
            "sources.x.listings.0.include.0",
            "regular expression",
        ),
        (
            "sources:\n  x:\n    area: X\n    committee_systems: [{base_url: 'https://a.example', backfill_to: 2020-01-01}]\n",
            "sources.x.committee_systems.0",
            "backfill_to needs backfill_from",
        ),
        ("schedule:\n  timezone: Mars/Olympus\n", "schedule.timezone", "IANA time zone"),
        ("schedule:\n  cron: every monday\n", "schedule.cron", "five fields"),
        ("schedule:\n  cron: '61 6 * * 1'\n", "schedule.cron", "Bad minute"),
        ("fetch:\n  max_bytes: 0\n", "fetch.max_bytes", "greater than 0"),
        ("fetch:\n  max_meetings_per_committee: 0\n", "fetch.max_meetings_per_committee", "greater than or equal to 1"),
        ("fetch:\n  max_link_per_page: 10\n", "fetch.max_link_per_page", "Extra inputs are not permitted"),
        ("out: https://example.org/tables\n", "out", "not a file system"),
        ("out: nosuchscheme://bucket/x\n", "out", "not a file system"),
        ("out: 's3://'\n", "out", "names no bucket"),
        ("out: 's3:/bucket/tables'\n", "out", "neither a folder nor a URI"),
        ("out: 's3://bucket/x?versionId=3'\n", "out", "no ?query"),
        ("fetch:\n  raw_store: file://relative/raw\n", "fetch.raw_store", "absolute path"),
        ("out: 12\n", "out", "folder path or a URI"),
    ],
)
def test_bad_source_fetch_schedule_and_location_values_name_the_field(tmp_path: Path, yaml_text, field, problem):
    path = tmp_path / "config.yaml"
    path.write_text(yaml_text)
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert f"field '{field}'" in str(error.value) and problem in str(error.value)


def test_the_raw_store_is_relative_to_the_config_file(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("fetch:\n  raw_store: downloads\n")
    assert load_settings(path).fetch.raw_store == tmp_path / "downloads"


def test_out_and_the_raw_store_may_be_uris_left_as_written(tmp_path: Path):
    path = tmp_path / "config.yaml"
    path.write_text("out: s3://reports-bucket/tables/\nfetch:\n  raw_store: file:///srv/raw\n")
    settings = load_settings(path)
    assert settings.out == "s3://reports-bucket/tables" and settings.fetch.raw_store == "file:///srv/raw"
    assert Settings(out="memory://bucket/out").out == "memory://bucket/out"
    assert Settings(out="tables").out == Path("tables")  # text without a scheme is still a folder


def test_pdf_engine_defaults_to_the_fast_path_and_refuses_an_unknown_engine(tmp_path: Path):
    assert Settings().parse.pdf_engine == "auto"
    path = tmp_path / "config.yaml"
    path.write_text("parse:\n  pdf_engine: pdfminer\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert "parse.pdf_engine" in str(error.value) and "pdfminer" in str(error.value)
    path.write_text("parse:\n  pdf_engine: pdfplumber\n")
    assert load_settings(path).parse.pdf_engine == "pdfplumber"


def test_switching_the_pdf_engine_changes_the_version_the_cache_compares():
    fast, plumber = extractor_version(Settings()), extractor_version(Settings(parse=Parse(pdf_engine="pdfplumber")))
    assert fast != plumber and plumber.startswith(fast)
