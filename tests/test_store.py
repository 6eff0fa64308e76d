"""The raw store: files named by content hash only, one copy per content, an index for conditional requests."""

from __future__ import annotations

import hashlib

import pytest

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
