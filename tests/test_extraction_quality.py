"""The extraction meets its bar on the bundled corpus: precision and recall of at least 0.9 for
every fact table, and metadata fields right at least 9 times in 10, scored against the gold
annotations written by reading the documents (tests/gold)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from extractor.config import Settings
from extractor.evaluate import score
from extractor.ingest import ingest
from extractor.tables import TABLES
from tests.helpers import CORPUS, CORPUS_FILES, ROOT

BAR = 0.9
FACT_TABLES = ("priorities", "statistics", "reviews", "recommendations")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("quality")
    settings = Settings(corpus=root / "corpus", out=root / "out")
    settings.corpus.mkdir()
    for name in CORPUS_FILES:
        shutil.copy(CORPUS / name, settings.corpus)
    ingest(settings)
    tables = {name: pd.read_parquet(settings.out / name) for name in TABLES}
    return score(ROOT / "tests" / "gold", tables).set_index(["table", "split"])


@pytest.mark.parametrize("table", FACT_TABLES)
def test_precision_and_recall_on_the_corpus(report, table):
    row = report.loc[(table, "overall")]
    assert row["n_gold"] > 0
    assert row["precision"] >= BAR and row["recall"] >= BAR, row.to_dict()


def test_metadata_on_the_corpus(report):
    assert report.loc[("metadata", "overall"), "accuracy"] >= BAR


@pytest.mark.parametrize("split", ["tune", "held_out"])
def test_both_splits_are_scored(report, split):
    assert all((table, split) in report.index for table in FACT_TABLES)
