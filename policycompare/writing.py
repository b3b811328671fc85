"""Writing outputs atomically, so a failed run never leaves a half-written file."""

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .errors import PolicyCompareError

__all__ = ["atomic_path", "check_output_dir", "check_writable", "prepare_output_dir", "write_bytes", "write_table", "write_text"]

# Marks the pages this package writes (reports, draft checks), so that one saved among the plans is not read as a plan.
GENERATOR_TAG = '<meta name="generator" content="policycompare">'


def check_writable(path):
    """Refuse a file that cannot be written for a reason known before writing; returns its folder.

    The file is written as :func:`atomic_path` writes it: a symbolic link's
    target is replaced, which needs a folder one may write in; a FIFO or a
    device is written into, which needs only it to be writable.

    Parameters
    ----------
    path : str or os.PathLike

    Raises
    ------
    PolicyCompareError
        If ``path`` is a folder, its folder is missing, is a file or is not
        writable, or ``path`` is a file that is not writable.

    Examples
    --------
    >>> check_writable("表.csv")
    PosixPath('.')
    """
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


def check_output_dir(path):
    """Refuse, before any work, an output folder that cannot be made or written; nothing is created.

    :func:`prepare_output_dir` makes these checks before it makes the folder.

    Parameters
    ----------
    path : str or os.PathLike

    Raises
    ------
    PolicyCompareError
        If ``path`` is a file, lies under a file, or its nearest existing
        folder is not writable.

    Examples
    --------
    >>> check_output_dir("报告/图")
    """
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
    device is not replaced but yielded itself, to be written into. The file
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
    """
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=index, encoding="utf-8-sig", columns=columns)


def prepare_output_dir(path):
    """Create an output folder (and parents), or raise a one-line error naming it.

    Parameters
    ----------
    path : str or os.PathLike
        The folder; it may exist already.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    PolicyCompareError
        If ``path`` is a file, cannot be created or is not writable.
    """
    path = Path(path)
    check_output_dir(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PolicyCompareError(f"cannot create output folder ({err.strerror})", path=path) from None
    if not os.access(path, os.W_OK):
        raise PolicyCompareError("output folder is not writable", path=path)
    return path
