"""The extraction meets its bar, scored by the rules of `corpus/genre/LABELLING.md` against gold
written by reading the documents:

* on the development corpus (`corpus/genre`: 50 documents of the genre from 50 partnerships
  and councils), every fact table's precision and recall, and partnership and period accuracy,
  at least `GENRE_BAR`, table by table;
* on the bundled corpus (the five Wirral and Worcestershire documents, `tests/gold`), the same
  per table at `BUNDLED_BAR`.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from extractor.config import Settings
from extractor.evaluate import FACT_TABLES, score
from extractor.ingest import ingest
from extractor.tables import TABLES
from tests.helpers import CORPUS, CORPUS_FILES, ROOT

GENRE = ROOT / "corpus" / "genre"
GENRE_BAR = 0.85
BUNDLED_BAR = 0.85


def _scored(root, documents, gold) -> pd.DataFrame:
    settings = Settings(corpus=root / "corpus", out=root / "out")
    settings.corpus.mkdir()
    for path in documents:
        shutil.copy(path, settings.corpus)
    ingest(settings)
    tables = {name: pd.read_parquet(settings.out / name) for name in TABLES}
    frame = score(gold, tables)
    return frame[frame.group == "overall"].set_index("table")


@pytest.fixture(scope="module")
def genre(tmp_path_factory) -> pd.DataFrame:
    return _scored(tmp_path_factory.mktemp("genre"), sorted((GENRE / "docs").iterdir()), GENRE / "gold")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> pd.DataFrame:
    return _scored(tmp_path_factory.mktemp("bundled"), [CORPUS / name for name in CORPUS_FILES], ROOT / "tests" / "gold")


@pytest.mark.slow
@pytest.mark.parametrize("table", FACT_TABLES)
def test_precision_and_recall_on_the_development_corpus(genre, table):
    row = genre.loc[table]
    assert row["n_gold"] > 0
    assert row["precision"] >= GENRE_BAR and row["recall"] >= GENRE_BAR, row.to_dict()


@pytest.mark.slow
@pytest.mark.parametrize("field", ["partnership", "period"])
def test_metadata_on_the_development_corpus(genre, field):
    assert genre.loc[field, "accuracy"] >= GENRE_BAR, genre.loc[field].to_dict()


@pytest.mark.parametrize("table", FACT_TABLES)
def test_precision_and_recall_on_the_bundled_corpus(bundled, table):
    row = bundled.loc[table]
    assert row["n_gold"] > 0
    assert row["precision"] >= BUNDLED_BAR and row["recall"] >= BUNDLED_BAR, row.to_dict()


@pytest.mark.parametrize("field", ["partnership", "period"])
def test_metadata_on_the_bundled_corpus(bundled, field):
    assert bundled.loc[field, "accuracy"] >= BUNDLED_BAR, bundled.loc[field].to_dict()
