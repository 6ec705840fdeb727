from pathlib import Path

import pytest

from app.storage import LocalStorage, storage_from_url


def test_blobs_round_trip_and_are_listed(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "media")
    source = tmp_path / "x.bin"
    source.write_bytes(b"isi berkas")
    key = "ab" * 32 + ".bin"
    storage.put_file(key, source, "application/octet-stream")
    storage.put_file(key, source, "application/octet-stream")  # idempotent
    assert storage.exists(key) and storage.size(key) == 10
    with storage.open(key) as handle:
        assert handle.read() == b"isi berkas"
    assert [b.key for b in storage.iter_blobs()] == [key]
    storage.delete(key)
    assert not storage.exists(key) and list(storage.iter_blobs()) == []


def test_file_urls_are_relative_or_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    relative = storage_from_url("file://var/media")
    assert isinstance(relative, LocalStorage) and relative.root == Path("var/media")
    assert (tmp_path / "var" / "media").is_dir()
    absolute = storage_from_url(f"file://{tmp_path}/abs")
    assert isinstance(absolute, LocalStorage) and absolute.root == tmp_path / "abs"
