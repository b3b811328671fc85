"""The on-disk cache: where it lives, and finished tables stored under a key of everything that made them.

Two kinds of entries share one folder (:func:`policycompare.get_cache_dir`):
token spans (``tokens/``, written by :mod:`policycompare.tokens`) and finished
results (``tables/``, written here): a corpus's alignment table, the
measure vectors it was computed from, and the report's drawn figures and
graph files, keyed by the data drawn or written (:func:`digest_content`). A result's key is a hash of its inputs (the texts, every option), of the
package's code and data files, and of the versions of the libraries that
compute it, so a changed plan, option or release never reads a stale table.
Entries are written atomically; an entry that cannot be read or does not
match its key is ignored and recomputed.

The cache is bounded in size (:func:`get_cache_size_limit`, 2 GB unless
``POLICYCOMPARE_CACHE_SIZE`` says otherwise), the token file and the tables
together. The token file takes at most a quarter of the bound
(:func:`get_token_cache_limit`; :mod:`policycompare.tokens` keeps it there
by removing its least recently used rows); the tables take the rest, all of
what the token file leaves. Each store adds the entry's size to a running
total kept in ``tables/usage``; a store that takes the total (with the
token file's size) over the bound removes the least recently used entries
(by modification time, which :func:`load_table` sets on every entry it
reads) until the tables take at most 90% of what the token file leaves.
The total is updated under a lock on that file, so two processes storing at
once neither lose a size nor remove the same entries twice; a process that
finds an entry removed by another reads it as a miss.
"""

import contextlib
import hashlib
import io
import json
import os
import pickle
import re
import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .errors import PolicyCompareError
from .writing import atomic_path

try:
    import fcntl
except ImportError:  # Windows: msvcrt locks the file instead
    fcntl = None

__all__ = ["cache_root", "clear_tables", "digest_content", "get_cache_size_limit", "get_token_cache_limit", "hash_parts",
           "load_table", "parse_cache_size", "store_table"]

_CACHE_OFF = {"0", "off", "false", "no", "none"}
_TABLES = "tables"


def cache_root(cache=None):
    """The cache folder in use for a ``cache`` setting, or None when caching is off.

    Parameters
    ----------
    cache : None, bool, str or os.PathLike, default=None
        ``None`` or ``True``: the folder named by the environment variable
        ``POLICYCOMPARE_CACHE`` (``off`` turns caching off), else
        ``$XDG_CACHE_HOME/policycompare`` or ``~/.cache/policycompare``;
        ``False``: no caching; a path: that folder.

    Examples
    --------
    >>> cache_root(False) is None
    True
    >>> cache_root("pc-cache").name
    'pc-cache'
    """
    if cache is False:
        return None
    if cache is not None and cache is not True:
        return Path(cache)
    env = os.environ.get("POLICYCOMPARE_CACHE")
    if env is not None and env.strip():
        if env.strip().lower() in _CACHE_OFF:
            return None
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "policycompare"


_SIZE_VARIABLE = "POLICYCOMPARE_CACHE_SIZE"
_DEFAULT_SIZE = "2GB"
# Powers of 1000 as disks are sold (KB, MB, GB, TB; the B may be left out), of 1024 with an i (KiB, MiB, GiB, TiB).
_SIZE = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<unit>(?P<prefix>[kmgt])?(?P<binary>i)?b?)", re.IGNORECASE)
_PREFIXES = {None: 0, "k": 1, "m": 2, "g": 3, "t": 4}
# The share of the bound the token file may take. Its rows are small (1.4 MB per million characters cut) and
# quick to make again, the stored results large and slow: a quarter of 2 GB holds the tokens of 350 million characters.
_TOKENS_SHARE = 0.25
# The token file is rewritten without its free pages (VACUUM) only when they make it this many times its share:
# until then the file on disk may be that large, and the tables leave it room.
TOKENS_COMPACT_ABOVE = 1.25
# The token file, written by policycompare.tokens (its _SPANS_FILE): counted in the bound the tables keep.
_TOKEN_FILE = Path("tokens", "spans.sqlite3")


def parse_cache_size(text):
    """The number of bytes a ``POLICYCOMPARE_CACHE_SIZE`` setting allows the cache; 0 stores nothing.

    A size is a number and a unit: ``B``; ``KB``, ``MB``, ``GB``, ``TB`` in
    powers of 1000 (the ``B`` may be left out: ``2G``); ``KiB``, ``MiB``,
    ``GiB``, ``TiB`` in powers of 1024. Case and spaces do not matter, a
    fraction is rounded down to whole bytes, and ``0`` (any unit) or ``off``
    stores no tables and no token rows. A number without a unit is refused,
    lest ``2`` meant 2 GB and allowed 2 bytes.

    Parameters
    ----------
    text : str

    Returns
    -------
    int

    Raises
    ------
    PolicyCompareError
        If ``text`` is none of these, naming the variable and the value.

    Examples
    --------
    >>> parse_cache_size("500MB"), parse_cache_size("1.5 GiB"), parse_cache_size("2g")
    (500000000, 1610612736, 2000000000)
    >>> parse_cache_size("off")
    0
    >>> parse_cache_size("2 千兆")
    Traceback (most recent call last):
    ...
    policycompare.errors.PolicyCompareError: POLICYCOMPARE_CACHE_SIZE='2 千兆' is not a size; expected a number with a unit (500MB, 2GB, 1.5GiB), or 0 or off to store nothing
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str; got {type(text).__name__}")
    given = text.strip()
    if given.lower() == "off":
        return 0
    match = _SIZE.fullmatch(given)
    number = None if match is None else Decimal(match["number"])
    if number is None or (number and not match["unit"]) or (match["binary"] and not match["prefix"]):
        raise PolicyCompareError(f"{_SIZE_VARIABLE}={text!r} is not a size; expected a number with a unit (500MB, 2GB, 1.5GiB), "
                                 "or 0 or off to store nothing")
    power = _PREFIXES[match["prefix"] and match["prefix"].lower()]
    return int(number * ((1024 if match["binary"] else 1000) ** power))


def get_cache_size_limit():
    """The bytes the cache may take, from ``POLICYCOMPARE_CACHE_SIZE`` (:func:`parse_cache_size`), else 2 GB.

    The token file and the stored tables together: the token file at most a
    quarter (:func:`get_token_cache_limit`), the tables what it leaves. An
    unset or empty variable gives the default.

    Returns
    -------
    int
        0 when nothing is to be stored (no tables, no token rows).

    Raises
    ------
    PolicyCompareError
        If the variable is set to something :func:`parse_cache_size` refuses.

    Examples
    --------
    >>> import os
    >>> saved = os.environ.get("POLICYCOMPARE_CACHE_SIZE")
    >>> os.environ["POLICYCOMPARE_CACHE_SIZE"] = "500MB"
    >>> get_cache_size_limit()
    500000000
    >>> _ = os.environ.pop("POLICYCOMPARE_CACHE_SIZE")
    >>> get_cache_size_limit()
    2000000000
    >>> _ = saved is None or os.environ.update(POLICYCOMPARE_CACHE_SIZE=saved)
    """
    value = os.environ.get(_SIZE_VARIABLE, "")
    return _parsed_size(value if value.strip() else _DEFAULT_SIZE)


# Read at every cached token read, which takes 0.05 ms: the setting is parsed once, not each time (a setting it
# refuses raises every time, as exceptions are not remembered).
_parsed_size = lru_cache(maxsize=16)(parse_cache_size)


def get_token_cache_limit():
    """The bytes the token file (``tokens/spans.sqlite3``) may take: a quarter of :func:`get_cache_size_limit`.

    Returns
    -------
    int
        0 when nothing is to be stored.

    Raises
    ------
    PolicyCompareError
        If ``POLICYCOMPARE_CACHE_SIZE`` is not a size (:func:`parse_cache_size`).

    Examples
    --------
    >>> import os
    >>> saved = os.environ.get("POLICYCOMPARE_CACHE_SIZE")
    >>> os.environ["POLICYCOMPARE_CACHE_SIZE"] = "2GB"
    >>> get_token_cache_limit()
    500000000
    >>> _ = os.environ.pop("POLICYCOMPARE_CACHE_SIZE") if saved is None else os.environ.update(POLICYCOMPARE_CACHE_SIZE=saved)
    """
    return int(get_cache_size_limit() * _TOKENS_SHARE)


def _tables_limit(root, limit):
    """The bytes the stored tables under ``root`` may take within ``limit``: what the token file leaves.

    The token file is counted as large as it is on disk, free pages and
    all, up to the most it may take before it is compacted
    (:data:`TOKENS_COMPACT_ABOVE` times its share): so after a store the two
    are within the bound, and the tables keep at least two thirds of it,
    even beside a file written before the bound existed and not yet brought
    within its share.
    """
    try:
        tokens = os.stat(root / _TOKEN_FILE).st_size
    except OSError:
        tokens = 0  # no token file (yet), or the cache is off for tokens
    return limit - min(tokens, int(limit * _TOKENS_SHARE * TOKENS_COMPACT_ABOVE))


@lru_cache(maxsize=1)
def _code_fingerprint():
    """A hash of the package's modules and data files and of the libraries results depend on."""
    from importlib.metadata import PackageNotFoundError, version

    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted([*package.glob("*.py"), *(p for p in (package / "data").rglob("*") if p.is_file())]):
        digest.update(str(path.relative_to(package)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    # Versions from the installed metadata: importing scikit-learn only to read its version would cost a second.
    for name in ("jieba", "numpy", "pandas", "scipy", "scikit-learn"):
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "?"
        digest.update(f"{name}={installed}\0".encode("utf-8"))
    return digest.hexdigest()


def hash_parts(*parts):
    """A hex key for a result made from ``parts`` (JSON-serialisable values) by this version of the code.

    Examples
    --------
    >>> hash_parts("甲区", {"top_k": 5}) == hash_parts("甲区", {"top_k": 5})
    True
    >>> hash_parts("甲区", {"top_k": 5}) == hash_parts("甲区", {"top_k": 4})
    False
    """
    digest = hashlib.sha256(_code_fingerprint().encode("ascii"))
    for part in parts:
        digest.update(b"\0" + json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def digest_content(*values):
    """A hex digest of ``values`` by their content: equal data gives the same digest, whichever objects hold it.

    Tables (pandas DataFrame and Series) are hashed by their values, index,
    columns and dtypes; networkx graphs by their attributes, nodes and edges
    in order; dicts, lists and tuples item by item; anything else by its
    pickle. Pickling the whole is not enough: pickle writes an object met
    before as a reference to it, so a table read back from the cache (its
    strings distinct objects) and the same table just computed (its strings
    shared with a dict of labels) pickle differently.

    Raises
    ------
    Exception
        Whatever pickling raises for a value it cannot pickle (a lambda).

    Examples
    --------
    >>> import pandas as pd
    >>> names = ["花溪区", "银川市"]
    >>> frame = pd.DataFrame({"region": names})
    >>> copy = pd.DataFrame({"region": ["花" + "溪区", "银川市"]})
    >>> digest_content(frame, {"labels": names}) == digest_content(copy, {"labels": ["花溪区", "银川市"]})
    True
    >>> digest_content(frame) == digest_content(frame.iloc[::-1])
    False
    """
    digest = hashlib.sha256()
    _feed(values, digest)
    return digest.hexdigest()


def _feed(value, digest):
    import networkx as nx
    import pandas as pd

    if isinstance(value, (pd.DataFrame, pd.Series)):
        labels = value.columns if isinstance(value, pd.DataFrame) else value.name
        digest.update(pickle.dumps((type(value).__name__, value.shape, repr(labels), repr(value.dtypes))))
        digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
        digest.update(pd.util.hash_pandas_object(value.index.to_series(), index=False).to_numpy().tobytes())
    elif isinstance(value, nx.Graph):
        parts = (type(value).__name__, value.graph, list(value.nodes(data=True)), list(value.edges(data=True)))
        digest.update(_plain_pickle(parts))
    elif isinstance(value, dict):
        digest.update(b"{%d" % len(value))
        for key, item in value.items():
            _feed(key, digest)
            _feed(item, digest)
    elif isinstance(value, (list, tuple)):
        digest.update(b"%s%d" % (type(value).__name__.encode("ascii"), len(value)))
        for item in value:
            _feed(item, digest)
    else:
        digest.update(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _plain_pickle(value):
    """The pickle of ``value`` without references to objects met before: the same bytes for equal data, however shared.

    In pickle's fast mode nothing is memoised, so a str written twice is
    written out twice and never as a reference to the first, whichever
    objects hold the data (a graph's node names are shared with its edges
    when built, not when read back). Unlike JSON, it tells a tuple from a
    list and a key 1 from a key "1", and on a plan's keyword graph it is about
    six times quicker (0.65 ms instead of 3.7 ms for a graph of 220 terms
    and 1,100 links). Data that refers to itself raises ValueError.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def _table_path(root, kind, key):
    return root / _TABLES / kind / f"{key}.pickle"


def load_table(kind, key, *, cache=None):
    """The table stored under ``kind`` and ``key``, or None when absent, unreadable or not matching.

    An entry read counts as used: its modification time is set to now, so it
    is among the last the size bound removes (:func:`store_table`).

    Parameters
    ----------
    kind : str
        What the table holds (``"alignment"``); one folder per kind.
    key : str
        From :func:`hash_parts`.
    cache : None, bool, str or os.PathLike, default=None
        As in :func:`cache_root`.

    Returns
    -------
    pandas.DataFrame or None
        A fresh copy: changing it does not change the cache.

    Raises
    ------
    PolicyCompareError
        If ``POLICYCOMPARE_CACHE_SIZE`` is not a size (:func:`parse_cache_size`):
        said at the first read, before the work whose result would be stored.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> folder = tempfile.mkdtemp()
    >>> store_table("demo", hash_parts("甲区"), pd.DataFrame({"a": [1]}), cache=folder)
    >>> load_table("demo", hash_parts("甲区"), cache=folder)["a"].tolist()
    [1]
    >>> load_table("demo", hash_parts("乙区"), cache=folder) is None
    True
    """
    root = cache_root(cache)
    if root is None:
        return None
    get_cache_size_limit()  # a wrong setting is said at the first read, before the work whose result would be stored
    path = _table_path(root, kind, key)
    try:
        with open(path, "rb") as handle:
            entry = pickle.load(handle)
        if entry["key"] != key:
            return None
        table = entry["table"]
    except Exception:  # a missing, truncated or foreign entry is recomputed, whatever the unpickling raised
        return None
    try:
        # Marks it used for the size bound: mtime, since atime may not be kept (noatime); never creates a removed file.
        os.utime(path)
    except OSError:
        pass  # removed by another process since it was read, or a cache that cannot be written
    return table


class _TooLarge(Exception):
    """An entry larger than the whole bound: it is not stored."""


def store_table(kind, key, table, *, cache=None):
    """Store ``table`` under ``kind`` and ``key`` atomically; a cache that cannot be written is skipped.

    The stored tables are kept within :func:`get_cache_size_limit`, less
    what the token file takes of it (at most a quarter): a store that takes
    them over it removes the least recently stored or read entries until
    they take at most 90% of it (so that the next stores do not each list
    the folder again). An entry larger than that is not stored; with a
    bound of 0 nothing is.

    Parameters
    ----------
    kind : str
    key : str
    table : pandas.DataFrame or another picklable result
    cache : None, bool, str or os.PathLike, default=None
        As in :func:`cache_root`.

    Raises
    ------
    PolicyCompareError
        If ``POLICYCOMPARE_CACHE_SIZE`` is not a size (:func:`parse_cache_size`).
    """
    root = cache_root(cache)
    if root is None:
        return
    limit = get_cache_size_limit()  # outside the try: a wrong setting is said, not skipped as an unwritable cache is
    if limit == 0:
        return
    limit = _tables_limit(root, limit)
    path = _table_path(root, kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as out:
            pickle.dump({"key": key, "table": table}, out, protocol=pickle.HIGHEST_PROTOCOL)
            size = out.tell()
            if size > limit:
                raise _TooLarge  # atomic_path removes the temporary file
    except (OSError, PolicyCompareError, _TooLarge):
        return  # a cache that cannot be written is skipped
    _count_and_bound(root / _TABLES, path, size, limit)


# -- the size bound --------------------------------------------------------------------------------

_USAGE_FILE = "usage"  # "<bytes> <stores since the folder was last listed>", beside the kinds' folders
_UNCOUNTED_FILE = "uncounted"  # there when an entry was stored without the lock: the total is to be counted again
_EVICT_TO = 0.9  # a store over the bound removes entries down to this share of it
_RESCAN_EVERY = 1000  # stores between listings, to catch up with entries written without counting (a killed process)
_STALE_PART = 3600  # seconds after which a temporary file is a killed writer's, not one being written
_LOCK_WAIT = 10.0  # seconds a store waits for another process's eviction before it keeps the bound by listing the folder


def _count_and_bound(folder, path, size, limit):
    """Add a stored entry's ``size`` to the running total; over ``limit``, remove the least recently used entries.

    The folder is listed only when the total would pass the bound, when the
    total is missing or unreadable, and every :data:`_RESCAN_EVERY` stores;
    otherwise a store costs reading and writing the few bytes of the total.
    The total errs on the large side (an entry replaced or removed by hand is
    still counted), which at worst lists the folder early.
    """
    try:
        with _locked_usage(folder) as usage:
            if usage is not None:
                state = _read_usage(usage)
                uncounted = (folder / _UNCOUNTED_FILE).exists()
                if not uncounted and state is not None and state[1] < _RESCAN_EVERY and state[0] + size <= limit:
                    total, stores = state[0] + size, state[1] + 1
                else:
                    total, stores = _listed_and_bounded(folder, path, limit), 0
                    if uncounted:
                        (folder / _UNCOUNTED_FILE).unlink(missing_ok=True)
                usage.seek(0)
                usage.write(f"{total} {stores}\n".encode("ascii"))
                usage.truncate()
                return
    except OSError:
        pass  # a file system that does not lock (NFS without its lock daemon), or a total that cannot be written
    # Without the lock the bound is kept by listing the folder: slower, never over the bound. The total misses this
    # entry, so a mark tells the next store under the lock to list the folder rather than trust the total.
    with contextlib.suppress(OSError):
        (folder / _UNCOUNTED_FILE).touch()
        _listed_and_bounded(folder, path, limit)


def _listed_and_bounded(folder, path, limit):
    """The size of every entry of ``folder``, listed, once those least recently used are removed to keep ``limit``.

    Over the bound the total is brought down to :data:`_EVICT_TO` of it;
    ``path``, the entry just stored, is never removed.
    """
    entries = _scan_entries(folder)
    total = sum(entry[2] for entry in entries)
    if total > limit:
        total = _evict(entries, total, int(limit * _EVICT_TO), keep=str(path))
    return total


@contextlib.contextmanager
def _locked_usage(folder):
    """The running-total file of ``folder``, opened and locked against other processes; None if the lock is not had in time."""
    fd = os.open(folder / _USAGE_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    with open(fd, "r+b") as handle:  # closing it releases the lock
        yield handle if _lock(fd) else None


def _lock(fd):
    """Lock the file ``fd`` for this process, waiting up to :data:`_LOCK_WAIT` seconds; whether it was locked."""
    if fcntl is None:
        try:
            import msvcrt
        except ImportError:
            return False  # no file locks on this platform (WebAssembly): the bound is kept by listing the folder
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # tries for 10 seconds, then raises
        except OSError:
            return False
        return True
    deadline = time.monotonic() + _LOCK_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)


def _read_usage(handle):
    """(bytes, stores) from the running-total file, or None when it is new or unreadable."""
    fields = handle.read(64).split()
    if len(fields) != 2 or not all(field.isdigit() for field in fields):
        return None
    return int(fields[0]), int(fields[1])


def _scan_entries(folder):
    """Every entry under ``folder`` (one level of kinds' folders) as (mtime_ns, path, size), oldest first.

    Only regular files named as entries are listed, never what a symbolic
    link points to: an entry (``*.pickle``) and the temporary file of a
    writer killed before it finished (``.*.part``, unchanged for an hour).
    A file removed by another process while listing is left out.
    """
    stale = time.time_ns() - _STALE_PART * 10**9
    entries = []
    with contextlib.suppress(OSError), os.scandir(folder) as kinds:
        for kind in kinds:
            with contextlib.suppress(OSError):
                if not kind.is_dir(follow_symlinks=False):
                    continue
                with os.scandir(kind.path) as files:
                    for file in files:
                        name = file.name
                        temporary = name.startswith(".") and name.endswith(".part")
                        if not (name.endswith(".pickle") or temporary):
                            continue
                        with contextlib.suppress(OSError):
                            if not file.is_file(follow_symlinks=False):
                                continue
                            stat = file.stat(follow_symlinks=False)
                            if not temporary or stat.st_mtime_ns < stale:
                                entries.append((stat.st_mtime_ns, file.path, stat.st_size))
    entries.sort()
    return entries


def _evict(entries, total, target, *, keep):
    """Remove the oldest of ``entries`` (:func:`_scan_entries`) until ``total`` is at most ``target``; the new total.

    An entry read or replaced since it was listed (its mtime changed) is
    kept, and the entry just stored (``keep``) always is.
    """
    for mtime, path, size in entries:
        if total <= target:
            break
        if path == keep:
            continue
        try:
            if os.stat(path, follow_symlinks=False).st_mtime_ns != mtime:
                continue
            os.unlink(path)
        except FileNotFoundError:
            pass  # removed by another process: gone all the same
        except OSError:
            continue  # cannot be removed (open on Windows, read-only folder): it still counts
        total -= size
    return total


def clear_tables(*, cache=None):
    """Delete the stored tables (not the token spans); returns how many were removed.

    Parameters
    ----------
    cache : None, bool, str or os.PathLike, default=None
        As in :func:`cache_root`.

    Returns
    -------
    int
    """
    import shutil

    root = cache_root(cache)
    folder = None if root is None else root / _TABLES
    if folder is None or not folder.is_dir():
        return 0
    count = sum(1 for _ in folder.rglob("*.pickle"))
    shutil.rmtree(folder, ignore_errors=True)
    return count
