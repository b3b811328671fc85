import os
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from policycompare import PolicyCompareError
from policycompare.writing import atomic_path, check_output_dir, check_writable, prepare_output_dir, write_table, write_text


def test_write_table_is_utf8_with_bom_for_excel(tmp_path):
    path = tmp_path / "t.csv"
    write_table(pd.DataFrame({"term": ["立德树人"], "n": [3]}), path)
    assert path.read_bytes().startswith("\ufeffterm,n\n立德树人,3".encode("utf-8"))


def test_failed_write_leaves_earlier_output_intact(tmp_path):
    path = tmp_path / "out.txt"
    write_text("earlier", path)
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_path(path) as tmp:
            tmp.write_text("half-writ")
            raise RuntimeError("boom")
    assert path.read_text() == "earlier"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_unwritable_folder_is_named(tmp_path):
    with pytest.raises(PolicyCompareError, match=r"missing/out\.csv: cannot write: its folder does not exist"):
        write_text("x", tmp_path / "missing" / "out.csv")


def test_output_dir_that_is_a_file(tmp_path):
    (tmp_path / "report").write_text("x")
    with pytest.raises(PolicyCompareError, match=r"report: output folder is an existing file"):
        prepare_output_dir(tmp_path / "report")


def test_output_dir_is_created(tmp_path):
    assert prepare_output_dir(tmp_path / "a" / "b").is_dir()


def test_output_dir_that_cannot_be_created():
    # /proc refuses new folders even to root, so this holds on any Linux machine.
    with pytest.raises(PolicyCompareError, match=r"^/proc/policycompare-report: cannot create output folder"):
        prepare_output_dir("/proc/policycompare-report")


def test_unwritable_file_location():
    with pytest.raises(PolicyCompareError, match=r"^/proc/out\.csv: cannot write"):
        write_text("x", "/proc/out.csv")


def test_a_symbolic_link_is_written_through_not_replaced(tmp_path):
    target = tmp_path / "kept.csv"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_table(pd.DataFrame({"地区": ["花溪区"]}), link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8-sig") == "地区\n花溪区\n"


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    # `-o /dev/stdout` or a named pipe: the file cannot be replaced by a temporary one, only written into.
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_table(pd.DataFrame({"地区": ["花溪区"]}), fifo)
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == ["地区\n花溪区\n".encode("utf-8-sig")]


def test_an_output_folder_is_checked_before_any_work_without_being_made(tmp_path):
    check_output_dir(tmp_path / "新" / "报告")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=r"notes\.txt: output folder is an existing file$"):
        check_output_dir(tmp_path / "notes.txt")
    with pytest.raises(PolicyCompareError, match=r"notes\.txt/out/deeper: cannot create output folder \(Not a directory\)$"):
        check_output_dir(tmp_path / "notes.txt" / "out" / "deeper")
    # The same words as making it would give.
    with pytest.raises(PolicyCompareError, match=r"notes\.txt/out: cannot create output folder \(Not a directory\)$"):
        prepare_output_dir(tmp_path / "notes.txt" / "out")


@pytest.fixture()
def read_only(tmp_path, monkeypatch):
    """Make paths read-only; os.access says so to root too, whom the permission bits do not stop.

    Only the test's own files are changed; a path outside ``tmp_path`` (/dev) is read-only to os.access alone.
    """
    denied, changed = set(), []
    real_access = os.access

    def access(path, mode, **kwargs):
        return not (mode & os.W_OK and os.path.realpath(path) in denied) and real_access(path, mode, **kwargs)

    def make(*paths):
        for path in paths:
            denied.add(os.path.realpath(path))
            if Path(path).is_relative_to(tmp_path):
                os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o222)
                changed.append(path)

    monkeypatch.setattr(os, "access", access)
    yield make
    for path in changed:
        os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) | 0o200)


def test_a_read_only_folder_or_file_is_refused_before_writing(tmp_path, read_only):
    locked, kept = tmp_path / "locked", tmp_path / "kept.csv"
    locked.mkdir()
    kept.write_text("keep me", encoding="utf-8")
    read_only(locked, kept)
    with pytest.raises(PolicyCompareError, match=r"locked/t\.csv: cannot write: its folder is not writable$"):
        check_writable(locked / "t.csv")
    # Replacing it would work (its folder is writable), but a file made read-only is meant to be kept.
    with pytest.raises(PolicyCompareError, match=r"kept\.csv: cannot write \(Permission denied\)$"):
        write_text("x", kept)
    assert kept.read_text(encoding="utf-8") == "keep me"


def test_a_link_or_a_device_is_checked_where_it_is_written(tmp_path, read_only):
    # A link in a read-only folder to a file in a writable one: the file is written, not the link.
    (tmp_path / "out").mkdir()
    (tmp_path / "links").mkdir()
    (tmp_path / "links" / "t.csv").symlink_to(tmp_path / "out" / "t.csv")
    read_only(tmp_path / "links", "/dev")
    assert check_writable(tmp_path / "links" / "t.csv") == tmp_path / "out"
    # A device is written into; its folder need not be writable.
    assert check_writable("/dev/null") == Path("/dev")
