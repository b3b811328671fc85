"""Writing outputs atomically, so a failed run never leaves a half-written file."""

import contextlib
import csv
import io
import os
import stat
import sys
import tempfile
from pathlib import Path

from .errors import PolicyCompareError

__all__ = ["atomic_path", "check_output_dir", "check_replaced_files", "check_writable", "prepare_output_dir", "write_bytes", "write_table",
           "write_text"]

# Marks the pages this package writes (reports, draft checks), so that one saved among the plans is not read as a plan.
GENERATOR_TAG = '<meta name="generator" content="policycompare">'


def check_writable(path):
    """Refuse a file that cannot be written for a reason known before writing; returns its folder.

    The file is written as :func:`atomic_path` writes it: a symbolic link's
    target is replaced, which needs a folder one may write in; a FIFO or a
    device is written into, which needs only it to be writable; an open file
    (``/dev/stdout``, ``/dev/fd/3``) is written through, which needs it open
    for writing, and has no folder (``None`` is returned).

    Parameters
    ----------
    path : str or os.PathLike

    Raises
    ------
    PolicyCompareError
        If ``path`` is a folder or a name ending in a separator, its folder is
        missing, is a file or is not writable, ``path`` is a file that is not
        writable, or an open file that is closed or open for reading only.

    Examples
    --------
    >>> check_writable("表.csv")
    PosixPath('.')
    >>> check_writable("表/")
    Traceback (most recent call last):
    ...
    policycompare.errors.PolicyCompareError: 表/: cannot write: the name ends in '/', a folder's; give a file name
    """
    _check_file_name(path)
    number = _descriptor(path)
    if number is not None:
        _check_descriptor(number, path)
        return None
    path = Path(path)
    # The checks are on what is written: a link's target (messages still name the path given).
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = real.parent if str(real.parent) else Path(".")
    if real.exists() and not real.is_file() and not real.is_dir():
        if not os.access(real, os.W_OK):
            raise PolicyCompareError("cannot write (Permission denied)", path=path)
        return folder
    if folder.exists() and not folder.is_dir():
        raise PolicyCompareError(f"cannot write: {folder} is a file, not a folder", path=path)
    if not folder.is_dir():
        raise PolicyCompareError("cannot write: its folder does not exist", path=path)
    if real.is_dir():
        raise PolicyCompareError("cannot write (Is a directory)", path=path)
    # The new version is made beside the file and moved over it, so the folder must take new files.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PolicyCompareError("cannot write: its folder is not writable", path=path)
    # Moving over a read-only file would work, but it was made read-only to be kept, and a plain open would refuse.
    if real.exists() and not os.access(real, os.W_OK):
        raise PolicyCompareError("cannot write (Permission denied)", path=path)
    return folder


def _check_file_name(path):
    """Refuse a name ending in a separator, a folder's: Path drops the separator, and "out/" would become a file named out."""
    given = os.fspath(path)
    if isinstance(given, str) and given.endswith(tuple(sep for sep in (os.sep, os.altsep) if sep)):
        raise PolicyCompareError(f"cannot write: the name ends in {given[-1]!r}, a folder's; give a file name", path=path)


def _descriptor(path):
    """The number of the open file of this process that ``path`` names (/dev/stdout, /dev/fd/3), or None.

    Such a name (``/dev/fd/N``, ``/proc/self/fd/N``, or a link to one, as
    ``/dev/stdout`` is) stands for a file the process holds open, most often
    set up by the shell (``>> log.csv``, a pipe). On Linux, opening it again
    opens the file anew, cut to nothing and written from its start: what the
    shell wrote before (``>>``) or writes after is lost. It is written
    through the handle held, never opened or replaced.

    Examples
    --------
    >>> _descriptor("/dev/stdout") if os.path.isdir("/dev/fd") else 1
    1
    >>> _descriptor("表.csv") is None
    True
    """
    path = os.path.abspath(os.fsdecode(path))
    folders = None
    # Links are followed one at a time, for at most as many as the system follows.
    for _ in range(40):
        folder, name = os.path.split(path)
        if name.isascii() and name.isdigit():
            if folders is None:
                folders = {os.path.realpath(each) for each in ("/dev/fd", "/proc/self/fd") if os.path.isdir(each)}
            if os.path.realpath(folder) in folders:
                return int(name)
        if not os.path.islink(path):
            return None
        path = os.path.join(folder, os.readlink(path))
    return None


def _check_descriptor(number, path):
    """Refuse the open file ``number`` (named ``path``) when it is closed or open for reading only."""
    import fcntl  # only reached where /dev/fd is, on POSIX systems

    try:
        flags = fcntl.fcntl(number, fcntl.F_GETFL)
    except OSError:
        raise PolicyCompareError(f"cannot write: file descriptor {number} is not open", path=path) from None
    if flags & os.O_ACCMODE == os.O_RDONLY:
        raise PolicyCompareError(f"cannot write: file descriptor {number} is open for reading only", path=path)


def _write_descriptor(source, number):
    """Copy the file ``source`` into the open file ``number``, every byte of it, where its handle stands."""
    # What Python holds for the same file (print() to standard output) goes first, as it was written first.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            if stream.fileno() == number:
                stream.flush()
    with open(source, "rb") as handle:
        while chunk := handle.read(1 << 16):
            data = memoryview(chunk)
            while data:
                data = data[os.write(number, data):]


def check_replaced_files(folder, patterns, *, written=(), writer="this command"):
    """Refuse an output folder holding a file that would be replaced although ``writer`` did not write it.

    A new or empty folder is fine, and so is one holding only files that an
    earlier run wrote (``written``) or that no pattern matches.

    Parameters
    ----------
    folder : str or os.PathLike
        The output folder.
    patterns : list of str
        The files to be written, relative to ``folder``, with ``/``; glob
        patterns (``tables/*.csv``) where the names are known only once written.
    written : collection of str, default=()
        The files of ``folder`` (relative, with ``/``) that an earlier run wrote
        and the writer may replace.
    writer : str, default="this command"
        What writes the files, for the message.

    Raises
    ------
    PolicyCompareError
        Naming the folder and the first such file.

    Examples
    --------
    >>> check_replaced_files("新报告", ["index.html", "tables/*.csv"])
    """
    folder = Path(folder)
    if not folder.is_dir():
        return
    written = set(written)
    for pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            name = path.relative_to(folder).as_posix()
            # is_file follows links: a link to a file is refused too, as its target would be replaced.
            if path.is_file() and name not in written:
                raise PolicyCompareError(f"holds {name}, which {writer} would replace but did not write; "
                                         "move it, or give another output folder", path=folder)


def check_output_dir(path, *, plans=None):
    """Refuse, before any work, an output folder that cannot be made or written; nothing is created.

    :func:`prepare_output_dir` makes these checks before it makes the folder.

    Parameters
    ----------
    path : str or os.PathLike
    plans : str or os.PathLike, default=None
        The folder of plans being read (:attr:`Corpus.path`), refused as the
        output folder: the results would lie among the plans.

    Raises
    ------
    PolicyCompareError
        If ``path`` is a file, lies under a file, is the folder ``plans``, or
        its nearest existing folder is not writable.

    Examples
    --------
    >>> check_output_dir("报告/图")
    >>> check_output_dir("规划/", plans="规划")
    Traceback (most recent call last):
    ...
    policycompare.errors.PolicyCompareError: 规划/: is the folder of plans being read; give the output a folder of its own
    """
    # Named as given ("plans/"), before Path drops a final slash.
    if plans is not None and os.path.realpath(path) == os.path.realpath(plans):
        raise PolicyCompareError("is the folder of plans being read; give the output a folder of its own", path=path)
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise PolicyCompareError("output folder is an existing file", path=path)
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise PolicyCompareError("cannot create output folder (Not a directory)", path=path)
    if not os.access(existing, os.W_OK):
        raise PolicyCompareError("output folder is not writable" if existing == path else "cannot create output folder (Permission denied)", path=path)


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; move it into place only on success.

    The temporary file is in the same folder, so the final ``os.replace`` is
    atomic. A symbolic link is followed: its target is replaced. A FIFO or a
    device is not replaced but yielded itself, to be written into. An open
    file of the process (``/dev/stdout``, ``/dev/fd/3``: see :func:`_descriptor`)
    is not opened again: a temporary file is yielded, and copied into the open
    file on success, where the shell's own writes go on. The file
    gets the permissions a plain ``open`` would give it (or
    keeps those of the file it replaces), not the private 0600 of a temporary file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to write; its folder must exist.

    Raises
    ------
    PolicyCompareError
        If the folder of ``path`` is missing, is a file or cannot be written.
    """
    _check_file_name(path)
    number = _descriptor(path)
    if number is not None:
        check_writable(path)
        try:
            handle, tmp = tempfile.mkstemp(prefix=".policycompare.", suffix=".part")
        except OSError as err:
            raise PolicyCompareError(f"cannot write ({err.strerror})", path=path) from None
        os.close(handle)
        try:
            yield Path(tmp)
            _write_descriptor(tmp, number)
        except OSError as err:
            raise PolicyCompareError(f"cannot write ({err.strerror})", path=path) from None
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return
    path = Path(path)
    if path.is_symlink():
        # Written where the link points, as a plain open writes; replacing the link would leave its target as it was.
        path = Path(os.path.realpath(path))
    if path.exists() and not path.is_file() and not path.is_dir():
        # A FIFO or a device (/dev/stdout, /dev/null) is written into, as by a plain open; it is never replaced.
        try:
            yield path
        except OSError as err:
            raise PolicyCompareError(f"cannot write ({err.strerror})", path=path) from None
        return
    folder = check_writable(path)
    try:
        # The temporary name is longer than the file's own: a long name is cut, or it would pass the file system's limit.
        short = path.name.encode("utf-8", "surrogateescape")[:100].decode("utf-8", "ignore")
        handle, tmp = tempfile.mkstemp(prefix=f".{short}.", suffix=".part", dir=folder)
    except OSError as err:
        raise PolicyCompareError(f"cannot write ({err.strerror})", path=path) from None
    os.close(handle)
    try:
        yield Path(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except OSError as err:
        raise PolicyCompareError(f"cannot write ({err.strerror})", path=path) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _mode_for(path):
    """Permissions for a new version of ``path``: those of the old file, else 0666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        pass
    # The umask can only be read by setting it; set it straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(text, path):
    """Write ``text`` as UTF-8 to ``path`` atomically.

    Parameters
    ----------
    text : str
    path : str or os.PathLike
        The file to write; its folder must exist.
    """
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(data, path):
    """Write ``data`` to ``path`` atomically.

    Parameters
    ----------
    data : bytes
    path : str or os.PathLike
        The file to write; its folder must exist.
    """
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_table(frame, path, *, index=False, columns=None):
    """Write a DataFrame as UTF-8 CSV (with BOM, so Excel shows Chinese) atomically.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : str or os.PathLike
        The file to write; its folder must exist.
    index : bool, default=False
        Whether to write the index as the first column.
    columns : list of str, default=None
        Write only these columns, without copying the table (default: all).

    Notes
    -----
    The bytes are those of ``frame.to_csv(path, index=index,
    encoding="utf-8-sig", columns=columns)``, except that a cell holding a
    carriage return is quoted (see :func:`_write_rows`; in a table left to
    ``to_csv``, every row then ends in ``\r\n``). Columns of text,
    numbers, booleans and categories are handed to the csv module here, in
    chunks of a million cells (a wide table of text columns is written four
    times as fast); other tables are written by ``to_csv`` itself.
    """
    with atomic_path(path) as tmp:
        chunks = _csv_chunks(frame, index=index, columns=columns)
        if chunks is None:
            with open(tmp, "w", encoding="utf-8", newline="") as handle:
                handle.write("\ufeff" + _csv_text(frame, index=index, columns=columns))
            return
        # The BOM is written by hand: the "utf-8-sig" codec would write the same bytes, but it is Python code
        # called once a row.
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write("\ufeff")
            _write_rows(chunks, handle)


# The csv module as DataFrame.to_csv sets it up.
_CSV_FORMAT = {"delimiter": ",", "quotechar": '"', "doublequote": True, "escapechar": None, "quoting": csv.QUOTE_MINIMAL}


def _write_rows(chunks, handle):
    """Write the chunks of :func:`_csv_chunks` to an open text stream, as ``DataFrame.to_csv`` would write them.

    The csv module is set up as ``to_csv`` sets it up, so the text is the
    same, but for one thing: a cell holding a carriage return is quoted.
    Rows end in ``\n``, and the csv module quotes only the cells that hold a
    character of that ending; a bare ``\r`` (the ``removed`` text of a
    Windows line ending in a cleaning record) left unquoted ends the row for
    every reader (Python's csv module, pandas, Excel). ``handle`` should be
    opened with ``newline=""``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, **_CSV_FORMAT, lineterminator="\n")
    for columns in chunks:
        writer.writerows(zip(*columns))
        text = buffer.getvalue()
        # One search of the chunk's text, where a check of every cell would cost as much as writing it; the rows
        # are zipped again from the chunk's columns where one holds a \r.
        handle.write(_rows_with_returns_quoted(zip(*columns)) if "\r" in text else text)
        buffer.seek(0)
        buffer.truncate()


def _rows_with_returns_quoted(rows):
    """The text of ``rows`` as :func:`_write_rows` writes it, each cell holding a ``\r`` quoted.

    Written with ``\r\n`` row endings the csv module quotes those cells too;
    each row's ending, outside any quotes, is then made ``\n`` again.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, **_CSV_FORMAT, lineterminator="\r\n")
    lines = []
    for row in rows:
        writer.writerow(row)
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def _csv_text(frame, *, index, columns):
    """``frame.to_csv`` as text, for the tables :func:`_csv_chunks` leaves to it.

    Rows end in ``\n``; where a cell holds a carriage return, which would be
    left unquoted then, every row ends in ``\r\n`` instead, so that the csv
    module quotes it (these tables, of dates, intervals or a MultiIndex, are rare).
    """
    text = frame.to_csv(index=index, columns=columns, lineterminator="\n")
    return frame.to_csv(index=index, columns=columns, lineterminator="\r\n") if "\r" in text else text


# Cells converted at a time: pandas' own chunks (100,000 cells) cost a slice of every column each, which is most
# of the time for a wide table of extension-array columns; a whole table at once would hold a pointer per cell.
_CHUNK_CELLS = 1_000_000


def _csv_chunks(frame, *, index, columns):
    """The rows ``frame.to_csv(index=index, columns=columns)`` gives the csv module, header first, in chunks.

    Each chunk is a list of columns, the cells of its rows (``zip(*chunk)``
    gives the rows): :func:`_write_rows` reads a chunk's rows a second time
    where one holds a ``\r``. Returns ``None`` for anything not handled here
    (a MultiIndex, labels that are not all str, a column of dates, intervals,
    floats in an extension array, ...), which ``to_csv`` then writes itself.

    Examples
    --------
    >>> import pandas as pd
    >>> [list(zip(*chunk)) for chunk in _csv_chunks(pd.DataFrame({"地区": ["花溪区", None], "n": [3, 4]}), index=False, columns=None)]
    [[('地区', 'n')], [('花溪区', 3), ('', 4)]]
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame) or frame.shape[1] == 0:
        return None
    labels = frame.columns
    if isinstance(labels, pd.MultiIndex) or not all(isinstance(label, str) for label in labels):
        return None
    if index and (isinstance(frame.index, pd.MultiIndex) or not (frame.index.name is None or isinstance(frame.index.name, str))):
        return None
    if columns is None:
        arrays = [_values(series) for _, series in frame.items()]
    else:
        # A label the table lacks, or a table with a label twice, is left to to_csv (its KeyError, its choice of columns).
        if not labels.is_unique or isinstance(columns, str) or not all(isinstance(label, str) and label in labels for label in columns):
            return None
        labels = list(columns)
        arrays = [_values(frame[label]) for label in labels]
    header = list(labels)
    if index:
        header.insert(0, frame.index.name or "")
        arrays.insert(0, _values(frame.index))
    if not all(_handled(array.dtype) for array in arrays):
        return None
    step = max(1, _CHUNK_CELLS // len(arrays))

    def chunks():
        yield [[label] for label in header]
        for start in range(0, len(frame), step):
            yield [_csv_cells(array[start:start + step]) for array in arrays]

    return chunks()


def _values(column):
    """A Series' or an Index's values: a NumPy array for a NumPy dtype (not pandas' wrapper of it), else its extension array."""
    import numpy as np

    return column.to_numpy() if isinstance(column.dtype, np.dtype) else column.array


def _handled(dtype):
    """Whether :func:`_csv_cells` gives for a column of ``dtype`` what to_csv gives the csv module."""
    import numpy as np
    import pandas as pd

    if isinstance(dtype, np.dtype):
        return dtype.kind in "biufO"
    if isinstance(dtype, pd.CategoricalDtype):
        # Categories of dates are formatted by to_csv as dates; others are written as the objects they are.
        return _handled(dtype.categories.dtype) and dtype.categories.dtype.kind not in "mM"
    # Floats in an extension array are formatted apart by to_csv; these become Python objects.
    return isinstance(dtype, (pd.StringDtype, pd.BooleanDtype, pd.Int8Dtype, pd.Int16Dtype, pd.Int32Dtype, pd.Int64Dtype,
                              pd.UInt8Dtype, pd.UInt16Dtype, pd.UInt32Dtype, pd.UInt64Dtype))


def _csv_cells(array):
    """One column's cells as to_csv hands them to the csv module: missing values empty, floats as NumPy prints them.

    This follows ``pandas.core.indexes.base.get_values_for_csv`` with
    ``na_rep=""`` and no ``float_format``: its NumPy floats are made text by
    NumPy (``astype(str)``); everything else stays a Python object, which the
    csv module writes with ``str``.
    """
    import numpy as np
    import pandas as pd

    if isinstance(array, np.ndarray):
        # NumPy prints a float64 as Python's repr does (the shortest text that reads back the same), which the csv
        # module writes for a Python float at a fifth of NumPy's cost; narrower floats print shorter in NumPy, and
        # NumPy's legacy="1.13" printing keeps 12 digits.
        as_repr = array.dtype == np.float64 and not np.get_printoptions()["legacy"]
        cells = array.astype(str).astype(object) if array.dtype.kind == "f" and not as_repr else np.array(array, dtype=object)
    else:
        cells = np.asarray(array.astype(object), dtype=object)
    cells[np.asarray(pd.isna(array))] = ""
    return cells


def prepare_output_dir(path, *, plans=None):
    """Create an output folder (and parents), or raise a one-line error naming it.

    Parameters
    ----------
    path : str or os.PathLike
        The folder; it may exist already.
    plans : str or os.PathLike, default=None
        The folder of plans being read, refused as the output folder (:func:`check_output_dir`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    PolicyCompareError
        If ``path`` is a file, is the folder ``plans``, cannot be created or is not writable.
    """
    path = Path(path)
    check_output_dir(path, plans=plans)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PolicyCompareError(f"cannot create output folder ({err.strerror})", path=path) from None
    if not os.access(path, os.W_OK):
        raise PolicyCompareError("output folder is not writable", path=path)
    return path
