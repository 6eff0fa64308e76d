"""The raw store: files named by content hash only, one copy per content, an index for conditional requests."""

from __future__ import annotations

import hashlib
import json
import tempfile

import pyarrow.fs as pafs
import pytest

from extractor.location import filesystem, read_bytes
from extractor.store import IndexEntry, RawStore


def _put(store: RawStore, data: bytes) -> tuple[str, object]:
    with store.writer() as writer:
        writer.write(data)
        return writer.commit()


def test_a_file_is_named_by_its_sha256_and_stored_once(tmp_path):
    store = RawStore(tmp_path / "raw")
    doc_id, path = _put(store, b"%PDF-1.4 one")
    again, same = _put(store, b"%PDF-1.4 one")
    assert doc_id == again == hashlib.sha256(b"%PDF-1.4 one").hexdigest()
    assert path == same == tmp_path / "raw" / doc_id[:2] / doc_id and path.read_bytes() == b"%PDF-1.4 one"
    files = [p for p in (tmp_path / "raw").rglob("*") if p.is_file()]
    assert files == [path]  # no temporary file left behind


@pytest.mark.parametrize("bad", ["../../etc/passwd", "http://example.org/x.pdf", "A" * 64, "ab"])
def test_only_a_hex_digest_can_name_a_file(tmp_path, bad):
    store = RawStore(tmp_path / "raw")
    with pytest.raises(ValueError):
        store.path_for(bad)
    assert not store.has(bad)


def test_an_abandoned_download_leaves_nothing(tmp_path):
    store = RawStore(tmp_path / "raw")
    with pytest.raises(RuntimeError):
        with store.writer() as writer:
            writer.write(b"partial")
            raise RuntimeError("connection lost")
    assert [p for p in (tmp_path / "raw").rglob("*") if p.is_file()] == []


def test_the_index_survives_a_restart_and_forgets_missing_files(tmp_path):
    store = RawStore(tmp_path / "raw")
    doc_id, path = _put(store, b"<html><title>x</title></html>")
    store.remember("https://example.org/report", IndexEntry(doc_id, '"abc"', "Wed, 21 Oct 2015 07:28:00 GMT"))
    store.save()
    reopened = RawStore(tmp_path / "raw")
    assert reopened.lookup("https://example.org/report") == IndexEntry(doc_id, '"abc"', "Wed, 21 Oct 2015 07:28:00 GMT")
    path.unlink()
    assert RawStore(tmp_path / "raw").lookup("https://example.org/report") is None  # no copy: ask unconditionally


def test_a_tampered_index_cannot_point_outside_the_store(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "index.json").write_text('{"https://example.org/x": {"doc_id": "../../secret"}}')
    assert RawStore(tmp_path / "raw").lookup("https://example.org/x") is None


# --- a store at a URI: staged locally, uploaded under its hash, read back by URI ---------------


def test_a_document_at_a_uri_is_uploaded_under_its_sha256_and_read_back(uri, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "staging"))
    (tmp_path / "staging").mkdir()
    store = RawStore(uri)
    data = b"%PDF-1.4 " + bytes(range(256)) * 1000
    doc_id, location = _put(store, data)
    assert doc_id == hashlib.sha256(data).hexdigest()
    assert location == f"{uri}/{doc_id[:2]}/{doc_id}"
    assert read_bytes(location) == data and store.has(doc_id)
    assert _put(store, data) == (doc_id, location)  # the same bytes again: the same object
    assert list((tmp_path / "staging").iterdir()) == []  # the staged file is gone
    fs, root = filesystem(uri)
    stored = [info.path for info in fs.get_file_info(pafs.FileSelector(root, recursive=True)) if info.type == pafs.FileType.File]
    assert stored == [f"{root}/{doc_id[:2]}/{doc_id}"]


def test_an_abandoned_download_leaves_nothing_at_the_uri(uri, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "staging"))
    (tmp_path / "staging").mkdir()
    store = RawStore(uri)
    with pytest.raises(RuntimeError):
        with store.writer() as writer:
            writer.write(b"partial")
            raise RuntimeError("connection lost")
    fs, root = filesystem(uri)
    assert fs.get_file_info(pafs.FileSelector(root, recursive=True, allow_not_found=True)) == []
    assert list((tmp_path / "staging").iterdir()) == []


def test_the_index_at_a_uri_survives_a_restart(uri):
    store = RawStore(uri)
    doc_id, _ = _put(store, b"<html><title>x</title></html>")
    store.remember("https://example.org/report", IndexEntry(doc_id, '"abc"', None))
    store.save()
    fs, root = filesystem(uri)
    assert json.loads(read_bytes(f"{uri}/index.json"))["https://example.org/report"]["doc_id"] == doc_id
    assert RawStore(uri).lookup("https://example.org/report") == IndexEntry(doc_id, '"abc"', None)
    fs.delete_file(f"{root}/{doc_id[:2]}/{doc_id}")
    assert RawStore(uri).lookup("https://example.org/report") is None
