from __future__ import annotations

from pathlib import Path

import pytest

from extractor.config import Settings, load_settings
from extractor.errors import ConfigError
from tests.helpers import ROOT


def test_bundled_config_equals_the_embedded_defaults():
    bundled = load_settings(ROOT / "config.yaml")
    defaults = Settings()
    assert bundled.limits == defaults.limits and bundled.nlp == defaults.nlp and bundled.run == defaults.run
    assert bundled.corpus == ROOT / "corpus" and bundled.out == ROOT / "outputs"


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
