import csv
import errno
import io
import os
import stat
import tempfile
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare import PolicyCompareError, writing
from policycompare.writing import _csv_chunks, atomic_path, check_output_dir, check_writable, prepare_output_dir, write_table, write_text


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


def test_a_wide_table_of_mostly_empty_cells_is_written_as_pandas_writes_it(tmp_path):
    frame = pd.DataFrame({"instrument_id": ["i1", "i2"], "n_regions": [2, 1], "label": ['经费, "投入"', " 托管\n帮扶 "],
                          "花溪区": ["doc:1.2;doc:3.4", ""], "乙区": ["", None]})
    write_table(frame, tmp_path / "t.csv")
    assert (tmp_path / "t.csv").read_bytes() == ('\ufeffinstrument_id,n_regions,label,花溪区,乙区\n'
                                                 'i1,2,"经费, ""投入""",doc:1.2;doc:3.4,\n'
                                                 'i2,1," 托管\n帮扶 ",,\n').encode("utf-8")


def test_a_table_that_fails_midway_leaves_the_earlier_file(tmp_path, monkeypatch):
    path = tmp_path / "instruments.csv"
    write_table(pd.DataFrame({"instrument_id": ["i1"], "花溪区": ["doc:1.2"]}), path)
    earlier = path.read_bytes()

    class FullDisk:
        def __init__(self, handle, **options):
            self.handle = handle

        def writerows(self, rows):
            self.handle.write("instrument_id,花")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(writing.csv, "writer", FullDisk)
    with pytest.raises(PolicyCompareError, match=r"instruments\.csv: cannot write \(No space left on device\)$"):
        write_table(pd.DataFrame({"instrument_id": ["i2"], "花溪区": [""]}), path)
    assert path.read_bytes() == earlier
    assert os.listdir(tmp_path) == ["instruments.csv"]


def test_a_float64_prints_in_numpy_as_python_prints_it():
    # pandas has NumPy print its float64 cells, write_table lets the csv module print them with repr.
    values = [0.0, -0.0, float("inf"), -float("inf"), 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-05,
              0.0001, 9.999999999999999e-05, 1e16, 9999999999999998.0, 0.1 + 0.2, 2.0**53 + 2, 0.273553577503289]
    values += [float(f"1e{exponent}") for exponent in range(-320, 309)]
    assert list(np.array(values).astype(str)) == [repr(value) for value in values]


def test_floats_printed_the_legacy_way_are_printed_by_numpy(tmp_path):
    frame = pd.DataFrame({"score": [0.1 + 0.2, 1 / 3]})
    with np.printoptions(legacy="1.13"):
        pandas_bytes, table_bytes = _frames_written_by_pandas_and_by_write_table(frame, tmp_path)
    assert table_bytes == pandas_bytes == "\ufeffscore\n0.3\n0.333333333333\n".encode("utf-8")


def _frames_written_by_pandas_and_by_write_table(frame, folder, *, index=False, columns=None):
    frame.to_csv(folder / "pandas.csv", index=index, encoding="utf-8-sig", columns=columns)
    write_table(frame, folder / "table.csv", index=index, columns=columns)
    return (folder / "pandas.csv").read_bytes(), (folder / "table.csv").read_bytes()


def test_what_is_not_written_here_is_left_to_pandas(tmp_path):
    frames = [pd.DataFrame({"日期": pd.to_datetime(["2024-01-02", None]), "n": [1, 2]}),
              pd.DataFrame({"score": pd.array([0.5, None], dtype="Float64")}),
              pd.DataFrame({"a": [1]}, index=pd.MultiIndex.from_tuples([("x", 1)], names=["k", "v"])),
              pd.DataFrame({1: ["a"], 2: ["b"]}),
              pd.DataFrame(index=[0, 1])]
    for frame in frames:
        assert _csv_chunks(frame, index=True, columns=None) is None
        pandas_bytes, table_bytes = _frames_written_by_pandas_and_by_write_table(frame, tmp_path, index=True)
        assert table_bytes == pandas_bytes


def _csv_rows(data):
    """The rows the csv module reads from CSV bytes (a BOM dropped)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_a_carriage_return_in_a_cell_is_quoted_and_the_table_reads_back_whole(tmp_path):
    # The cleaning record of a plan with Windows line endings: every \r it removed is a cell of its own.
    doc = pc.load_document_from_text("一、总体要求\r\n加强师资。\r\n二、措施\r\n（一）培训教师。\r\n", doc_id="crlf")
    cleaning = doc.cleaning
    assert (cleaning["removed"] == "\r").sum() == 4
    write_table(cleaning, tmp_path / "cleaning.csv")
    data = (tmp_path / "cleaning.csv").read_bytes()
    assert b'\n"\r"' not in data and b',"\r",' in data and b"\r\n" not in data
    read = pd.read_csv(tmp_path / "cleaning.csv", keep_default_na=False)
    assert read["removed"].tolist() == cleaning["removed"].tolist()
    assert len(_csv_rows(data)) == len(cleaning) + 1
    # A table left to to_csv (a column of dates) is quoted too, its rows then ending in \r\n.
    dated = pd.DataFrame({"日期": pd.to_datetime(["2024-01-02", None]), "removed": ["\r", "x"]})
    write_table(dated, tmp_path / "dated.csv")
    assert _csv_rows((tmp_path / "dated.csv").read_bytes()) == [["日期", "removed"], ["2024-01-02", "\r"], ["", "x"]]


def _cells(dtype):
    """Values for one column of ``dtype`` (as a pandas dtype name), missing ones included where it has them."""
    text = st.text(alphabet=st.sampled_from(list(',"\n\r\t ;:\'\\立德树人𠀀éa1.-\ufeff')) | st.characters(exclude_categories=("Cs",)), max_size=6)
    floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, 5e-324, 1e16, 1e-05, 0.1 + 0.2])
    return {
        "object": st.one_of(text, st.none(), st.just(np.nan), st.integers(-10**20, 10**20), floats, st.booleans()),
        "str": st.one_of(text, st.none()),
        "string": st.one_of(text, st.none()),
        "category": st.one_of(st.sampled_from(["", "甲", "a,b", '"q"', " x "]), st.none()),
        "int64": st.integers(-2**63, 2**63 - 1),
        "uint8": st.integers(0, 255),
        "bool": st.booleans(),
        "float64": floats,
        "float32": st.floats(width=32),
        "Int64": st.one_of(st.integers(-2**63, 2**63 - 1), st.none()),
        "boolean": st.one_of(st.booleans(), st.none()),
    }[dtype]


@st.composite
def _frames(draw):
    n_rows = draw(st.integers(0, 6))
    labels = draw(st.lists(st.text(max_size=4), min_size=1, max_size=6, unique=True))
    frame = pd.DataFrame(index=range(n_rows))
    for label in labels:
        dtype = draw(st.sampled_from(["object", "str", "string", "category", "int64", "uint8", "bool", "float64", "float32", "Int64", "boolean"]))
        values = draw(st.lists(_cells(dtype), min_size=n_rows, max_size=n_rows))
        frame[label] = pd.Series(values, dtype=dtype, index=frame.index)
    index_kind = draw(st.sampled_from(["range", "str", "int", "float"]))
    if index_kind != "range":
        frame.index = pd.Index(draw(st.lists(_cells({"str": "str", "int": "int64", "float": "float64"}[index_kind]),
                                             min_size=n_rows, max_size=n_rows)), name=draw(st.none() | st.text(max_size=3)))
    return frame


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=_frames(), index=st.booleans(), data=st.data())
def test_write_table_gives_the_bytes_of_to_csv(frame, index, data):
    columns = data.draw(st.none() | st.lists(st.sampled_from(list(frame.columns)), min_size=1))
    kept = frame.copy(deep=True)
    assert _csv_chunks(frame, index=index, columns=columns) is not None
    with tempfile.TemporaryDirectory() as folder:
        pandas_bytes, table_bytes = _frames_written_by_pandas_and_by_write_table(frame, Path(folder), index=index, columns=columns)
    if b"\r" not in pandas_bytes:
        assert table_bytes == pandas_bytes
    else:
        # to_csv leaves a bare \r unquoted, which readers take for the end of a row; here it is quoted.
        assert _csv_rows(table_bytes) == _csv_rows(frame.to_csv(index=index, columns=columns, lineterminator="\r\n").encode("utf-8"))
    # The cells are converted in copies: the table itself is as it was.
    pd.testing.assert_frame_equal(frame, kept)
