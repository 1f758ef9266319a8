"""Writing outputs all-or-nothing (geo.export): big files, modes, rollback, stale temporary files."""

import os
import stat

import pytest

import geo
from geo.export import clean_stale, stage, write_all


def test_a_file_larger_than_one_write_is_written_whole(tmp_path):
    data = bytes(range(256)) * 20_000  # 5 MB: several os.write calls
    path = geo.write_atomic(tmp_path / "big.bin", data)
    assert path.read_bytes() == data


def test_text_is_written_as_utf8(tmp_path):
    assert geo.write_atomic(tmp_path / "t.html", "Ménaka – Tillabéri").read_bytes() == "Ménaka – Tillabéri".encode()


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_follow_the_umask(tmp_path, mask, mode):
    old = os.umask(mask)
    try:
        path = geo.write_atomic(tmp_path / "m.html", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_a_failed_rename_puts_every_previous_file_back(tmp_path, monkeypatch):
    a, b, c = tmp_path / "a.html", tmp_path / "b.html", tmp_path / "c.png"
    a.write_text("old a", encoding="utf-8")
    b.write_text("old b", encoding="utf-8")
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if str(dst) == str(c):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(geo.OutputError, match=f"cannot write {c}: No space left on device"):
        write_all([(a, "new a"), (b, "new b"), (c, b"new c")])
    monkeypatch.undo()
    assert a.read_text(encoding="utf-8") == "old a" and b.read_text(encoding="utf-8") == "old b"
    assert not c.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]


def test_a_failed_stage_writes_nothing(tmp_path):
    a = tmp_path / "a.html"
    a.write_text("old", encoding="utf-8")
    with pytest.raises(geo.OutputError, match="does not exist"):
        write_all([(a, "new"), (tmp_path / "missing" / "b.html", "new")])
    assert a.read_text(encoding="utf-8") == "old" and [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(geo.OutputError, match="it is a folder"):
        stage(tmp_path, "x")


def test_stale_files_of_live_processes_are_kept(tmp_path):
    target = tmp_path / "map.html"
    mine = tmp_path / f".map.html.{os.getpid()}.0123abcd.tmp"
    dead = tmp_path / ".map.html.999999999.89abcdef.tmp"
    dead_backup = tmp_path / ".map.html.999999999.89abcdef.old.tmp"
    dead_table = tmp_path / ".map.html.999999999.89abcdef.tmp.gpkg"
    other = tmp_path / ".other.html.999999999.89abcdef.tmp"
    unrelated = tmp_path / "notes.tmp"
    for p in (mine, dead, dead_backup, dead_table, other, unrelated):
        p.write_text("x", encoding="utf-8")
    removed = clean_stale(target)
    assert sorted(p.name for p in removed) == sorted([dead.name, dead_backup.name, dead_table.name])
    assert mine.exists() and other.exists() and unrelated.exists() and not dead.exists()


def test_a_temporary_file_of_another_live_run_is_kept_and_that_run_untouched(tmp_path):
    import subprocess
    import sys

    other_run = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        theirs = tmp_path / f".map.html.{other_run.pid}.0123abcd.tmp"
        theirs.write_text("half a map", encoding="utf-8")
        assert clean_stale(tmp_path / "map.html") == []
        assert theirs.exists()
        assert other_run.poll() is None  # asked whether it lives, never sent a signal that ends it
    finally:
        other_run.kill()
        other_run.wait()
