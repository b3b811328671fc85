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
"""

import hashlib
import io
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path

from .errors import PolicyCompareError
from .writing import atomic_path

__all__ = ["cache_root", "clear_tables", "digest_content", "hash_parts", "load_table", "store_table"]

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
    try:
        with open(_table_path(root, kind, key), "rb") as handle:
            entry = pickle.load(handle)
        if entry["key"] != key:
            return None
        return entry["table"]
    except Exception:  # a missing, truncated or foreign entry is recomputed, whatever the unpickling raised
        return None


def store_table(kind, key, table, *, cache=None):
    """Store ``table`` under ``kind`` and ``key`` atomically; a cache that cannot be written is skipped.

    Parameters
    ----------
    kind : str
    key : str
    table : pandas.DataFrame or another picklable result
    cache : None, bool, str or os.PathLike, default=None
        As in :func:`cache_root`.
    """
    root = cache_root(cache)
    if root is None:
        return
    path = _table_path(root, kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp, open(tmp, "wb") as out:
            pickle.dump({"key": key, "table": table}, out, protocol=pickle.HIGHEST_PROTOCOL)
    except (OSError, PolicyCompareError):
        pass  # a cache that cannot be written is skipped


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
