"""The plain-Python ingest: idempotent re-runs, replaced documents, limits, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from extractor.config import Limits, Settings
from extractor.ingest import ingest
from extractor.parse import ocr
from extractor.tables import TABLES, sort_keys
from tests.helpers import CORPUS, CORPUS_FILES, HARD, ROBUSTNESS

VOLATILE = ["parsed_at"]


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in TABLES:
        frame = pd.read_parquet(out / name)
        frames[name] = frame.sort_values(sort_keys(name)).reset_index(drop=True)
    return frames


def _copy_corpus(settings: Settings) -> None:
    settings.corpus.mkdir(parents=True)
    for name in CORPUS_FILES:
        shutil.copy(CORPUS / name, settings.corpus / name)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("run")
    settings = Settings(corpus=root / "corpus", out=root / "out")
    _copy_corpus(settings)
    summary = ingest(settings)
    return settings, summary, _tables(settings.out)


def test_every_corpus_document_is_ok(first_run):
    _, summary, tables = first_run
    documents = tables["documents"]
    assert sorted(documents["path"]) == CORPUS_FILES
    assert list(documents["status"].unique()) == ["ok"], documents[["path", "error"]].to_string()
    assert summary.counts["ok"] == len(CORPUS_FILES) and summary.pages == 15


def test_every_text_offset_in_the_tables_is_valid(first_run):
    _, _, tables = first_run
    texts = dict(zip(tables["texts"]["doc_id"], tables["texts"]["text"]))
    for row in tables["blocks"].itertuples():
        assert texts[row.doc_id][row.char_start : row.char_end] == row.text


def test_second_run_skips_everything_and_changes_nothing(first_run):
    settings, _, before = first_run
    summary = ingest(settings)
    assert summary.counts["skipped"] == len(CORPUS_FILES) and summary.counts["ok"] == 0
    after = _tables(settings.out)
    for name in TABLES:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=True)


def test_changed_document_replaces_its_rows(tmp_path):
    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out")
    _copy_corpus(settings)
    ingest(settings)
    before = _tables(settings.out)
    page = settings.corpus / "wirral-scp-annual-report-2021-introduction.html"
    page.write_bytes(page.read_bytes().replace(b"It is our great pleasure", b"It is our very great pleasure"))
    summary = ingest(settings)
    assert summary.counts["ok"] == 1 and summary.counts["skipped"] == len(CORPUS_FILES) - 1
    after = _tables(settings.out)
    old_id = before["documents"].set_index("path").loc[page.name, "doc_id"]
    new_id = after["documents"].set_index("path").loc[page.name, "doc_id"]
    assert old_id != new_id
    for name in TABLES:
        assert old_id not in set(after[name]["doc_id"])
    assert len(after["documents"]) == len(CORPUS_FILES)
    assert "It is our very great pleasure" in after["texts"].set_index("doc_id").loc[new_id, "text"]


@pytest.mark.shared
def test_a_slow_document_is_stopped_and_recorded(tmp_path):
    """The limit counts the document's own work, not the worker's start-up (spaCy): a small page
    (measured: 1.2-1.7 s of work on a 2-core machine at load 8) passes a 15 s limit, and a text
    that needs far longer (2.5 MB of sentences; 2 MB took 90 s there) is stopped at it. Both
    margins are wide, so the outcome does not depend on the machine's load."""
    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out", limits=Limits(document_timeout_s=15))
    settings.corpus.mkdir()
    sentence = "The board counted 14 referrals for neglect in 2022 and asks that clubs share their concerns. "
    (settings.corpus / "long.txt").write_text((sentence * 10 + "\n\n") * 2600)
    shutil.copy(CORPUS / "wirral-scp-annual-report-2021-introduction.html", settings.corpus)
    ingest(settings)
    documents = pd.read_parquet(settings.out / "documents").set_index("path")
    assert documents.loc["long.txt", "status"] == "failed"
    assert "longer than 15 s" in documents.loc["long.txt", "error"]
    assert documents.loc["wirral-scp-annual-report-2021-introduction.html", "status"] == "ok"


def test_page_limit_is_recorded(tmp_path):
    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out", limits=Limits(max_pages=3))
    settings.corpus.mkdir()
    shutil.copy(CORPUS / "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf", settings.corpus)
    ingest(settings)
    row = pd.read_parquet(settings.out / "documents").iloc[0]
    assert row["status"] == "failed" and "6 pages, over the limit of 3" in row["error"]


EXPECTED_HARD = {
    "empty.pdf": ("failed", "empty"),
    "encrypted.pdf": ("failed", "encrypted"),
    "not-really-a-pdf.pdf": ("failed", "error page"),
    "truncated.pdf": ("failed", "truncated or damaged"),
}


@pytest.mark.slow
@pytest.mark.shared
def test_every_bad_and_real_world_file_ends_as_a_row_with_a_reason(tmp_path):
    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out")
    shutil.copytree(HARD, settings.corpus / "hard", ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(ROBUSTNESS, settings.corpus / "robustness")
    summary = ingest(settings)
    documents = pd.read_parquet(settings.out / "documents").set_index("path")
    expected = {f"hard/{p.name}" for p in HARD.glob("*.pdf")} | {f"robustness/{p.name}" for p in ROBUSTNESS.glob("*.pdf")}
    recorded = set(documents.index) | {path for paths in documents["also_at"] for path in paths}
    assert recorded == expected  # identical files are one row that names every path
    assert "robustness/empty.pdf" in documents.loc["hard/empty.pdf", "also_at"]
    for name, (status, reason) in EXPECTED_HARD.items():
        assert documents.loc[f"hard/{name}", "status"] == status
        assert reason in documents.loc[f"hard/{name}", "error"]
    scanned = documents.loc["hard/scanned-committee-paper.pdf"]
    if ocr.available():
        assert scanned["status"] == "ok" and scanned["ocr"]
    else:
        assert scanned["status"] == "needs_ocr" and "no text layer" in scanned["error"]
    failed = documents[documents["status"] != "ok"]
    assert failed["error"].notna().all() and (failed["error"].str.len() > 20).all()
    assert not failed["error"].str.contains("Traceback").any()
    assert documents.loc["robustness/password-example.pdf", "status"] == "failed"
    assert summary.counts["ok"] >= 40  # the real-world PDFs that have text are read


def test_a_document_over_the_memory_limit_is_recorded_and_the_run_goes_on(tmp_path):
    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out", limits=Limits(memory_mb=60))
    settings.corpus.mkdir()
    shutil.copy(CORPUS / "wirral-2025-01-22-cype-committee-scp-annual-report-2023.pdf", settings.corpus)
    summary = ingest(settings)
    row = pd.read_parquet(settings.out / "documents").iloc[0]
    assert summary.counts["failed"] == 1
    assert row["status"] == "failed" and "memory" in row["error"] and "60 MB" in row["error"]


def test_a_rerun_with_nothing_changed_publishes_nothing(first_run):
    settings, _, _ = first_run
    current = (settings.out / ".current").resolve()
    summary = ingest(settings)
    assert summary.counts["skipped"] == len(CORPUS_FILES)
    assert (settings.out / ".current").resolve() == current  # no new version written


def test_a_changed_document_reads_and_rewrites_only_its_own_partitions(tmp_path, monkeypatch):
    from extractor import tablestore

    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out")
    _copy_corpus(settings)
    ingest(settings)
    page = settings.corpus / "wirral-scp-annual-report-2021-introduction.html"
    old_id = pd.read_parquet(settings.out / "documents").set_index("path").loc[page.name, "doc_id"]
    page.write_bytes(page.read_bytes().replace(b"It is our great pleasure", b"It is our very great pleasure"))
    read = []
    real_read = tablestore.storage._LocalStorage.read_bytes
    monkeypatch.setattr(tablestore.storage._LocalStorage, "read_bytes", lambda self, path: read.append(Path(path)) or real_read(self, path))
    ingest(settings)
    assert read, "the documents table at least is read"
    for path in (path for path in read if path.suffix == ".parquet"):  # manifests are read too
        table = path.parent.name if path.parent.name == "documents" else path.parent.parent.name
        assert table == "documents" or path.parent.name == tablestore.bucket_of(old_id), path
    new_id = pd.read_parquet(settings.out / "documents").set_index("path").loc[page.name, "doc_id"]
    assert old_id not in set(pd.read_parquet(settings.out / "texts")["doc_id"])
    assert new_id in set(pd.read_parquet(settings.out / "texts")["doc_id"])


def test_compact_leaves_the_same_tables_in_fewer_files(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app
    from extractor.tablestore import TableStore

    settings = Settings(corpus=tmp_path / "corpus", out=tmp_path / "out")
    settings.corpus.mkdir()
    for name in CORPUS_FILES:  # one document per run: one file per run in each bucket it lands in
        shutil.copy(CORPUS / name, settings.corpus / name)
        ingest(settings)
    before = _tables(settings.out)
    store = TableStore(settings.out)
    files = sum(len(store.files(name)) for name in TABLES)
    result = CliRunner().invoke(app, ["compact", "--tables", str(settings.out)])
    assert result.exit_code == 0, result.output
    assert sum(len(store.files(name)) for name in TABLES) <= files
    for name in TABLES:
        pd.testing.assert_frame_equal(_tables(settings.out)[name], before[name])
    for name in TABLES:
        buckets = [path.parent for path in store.files(name)]
        assert len(buckets) == len(set(buckets))  # one file per bucket


def test_compact_without_tables_says_what_to_do(tmp_path):
    from typer.testing import CliRunner

    from extractor.cli import app

    result = CliRunner().invoke(app, ["compact", "--tables", str(tmp_path / "none")])
    assert result.exit_code == 2 and "extractor ingest" in result.output


def test_a_web_run_with_the_raw_store_and_the_tables_at_file_uris(tmp_path, server):
    """Workers read each document from the raw store by its URI (a separate process: file://, not memory://)."""
    import hashlib

    from extractor.config import Source
    from tests.helpers import comparable_tables, web_settings

    report, page = "wirral-scp-annual-report-2023-24-summary.pdf", "wirral-scp-annual-report-2021-introduction.html"
    server.file(f"/docs/{report}", (CORPUS / report).read_bytes())
    server.file("/annual-report-2021/", (CORPUS / page).read_bytes(), "text/html; charset=utf-8")
    urls = {server.url(f"/docs/{report}"): report, server.url("/annual-report-2021/"): page}
    source = Source(area="Testshire", enabled=True, documents=list(urls))
    settings = web_settings(tmp_path, {"testshire": source})
    fetch = settings.fetch.model_copy(update={"raw_store": f"file://{tmp_path}/raw-uri"})
    settings = settings.model_copy(update={"out": f"file://{tmp_path}/tables", "fetch": fetch})
    summary = ingest(settings, source="web")
    assert summary.counts["ok"] == 2, summary.changes
    documents = comparable_tables(settings.out)["documents"].set_index("path")
    expected = {url: hashlib.sha256((CORPUS / name).read_bytes()).hexdigest() for url, name in urls.items()}
    assert documents["doc_id"].to_dict() == expected and set(documents["status"]) == {"ok"}
    for doc_id in expected.values():  # the bytes under their hashes, the index beside them
        assert (tmp_path / "raw-uri" / doc_id[:2] / doc_id).is_file()
    assert set(json.loads((tmp_path / "raw-uri" / "index.json").read_text())) == set(urls)
    assert not (tmp_path / "raw").exists() and not (tmp_path / "out").exists()  # nothing in the default folders
    assert ingest(settings, source="web").counts["skipped"] == 2  # unchanged: 304s, the raw store's copies


def test_reasons_name_the_limit_that_was_hit_not_damage_or_a_bug():
    from extractor.document import unexpected_error
    from extractor.errors import CorruptDocument

    bomb = str(CorruptDocument("Page 3 could not be read (MemoryError)."))
    assert "limits.memory_mb" in bomb and "decompression bomb" in bomb and "damaged" not in bomb
    assert "damaged" in str(CorruptDocument("The PDF could not be opened (Unexpected EOF)."))
    too_long = ValueError("[E088] Text of length 6000001 exceeds maximum of 5000000. The parser and NER models require ...")
    reason = unexpected_error("extracted", too_long, Settings())
    assert "5,000,000 characters" in reason and "Split the document" in reason and "report" not in reason


def test_batches_hold_every_document_once_and_balance_their_bytes(tmp_path):
    from extractor.ingest import batches
    from extractor.model import DocumentRef

    sizes = [900, 500, 400, 300, 300, 200, 100, 100]
    refs = []
    for i, size in enumerate(sizes):
        path = tmp_path / f"d{i}.pdf"
        path.write_bytes(b"x" * size)
        refs.append(DocumentRef(name=path.name, path=path, doc_id=str(i)))
    groups = batches(refs, 3)
    assert len(groups) == 3
    assert sorted(ref.name for group in groups for ref in group) == sorted(ref.name for ref in refs)
    totals = sorted(sum(ref.path.stat().st_size for ref in group) for group in groups)
    assert totals == [900, 900, 1000]  # 2,800 bytes in three nearly equal parts
    assert len(batches(refs[:2], 8)) == 2  # never more batches than documents
    assert batches([], 8) == []


def test_the_largest_documents_start_first_and_results_keep_the_plan_order(tmp_path, monkeypatch):
    """LPT order: a long document started last would leave the other workers idle at the end."""
    from extractor import ingest as ingest_module
    from extractor.isolation import IsolatedRunner

    for name, size in [("a.txt", 10), ("b.txt", 3000), ("c.txt", 200)]:
        (tmp_path / name).write_text("Safeguarding children. " * (size // 23 + 1))
    started = []
    submit = IsolatedRunner.submit

    def recording(self, ref):
        started.append(ref.name)
        return submit(self, ref)

    monkeypatch.setattr(IsolatedRunner, "submit", recording)
    settings = Settings(corpus=tmp_path, out=tmp_path / "out")
    work = ingest_module.plan(settings)
    results = ingest_module.run_documents(work, settings)
    assert started == ["b.txt", "c.txt", "a.txt"]
    assert [result.ref.name for result in results] == [ref.name for ref in work.todo]
