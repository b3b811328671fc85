"""Tokens: jieba segmentation with a policy dictionary, stopwords, region masking and a disk cache.

Every token keeps its character offsets in the text it came from, so any count,
keyword or graph edge built on tokens can be traced back to the plan.

The segmenter is an isolated ``jieba.Tokenizer`` (never jieba's global one),
loaded on first use with the shipped education-policy user dictionary
(``data/userdict.txt``); the shipped stopword list (``data/stopwords.txt``)
removes function words and policy boilerplate (加强, 推进, 进一步, …). Both are
plain text files that can be extended or replaced, see :class:`Tokenizer`.

Tokenization results are cached on disk, keyed by a hash of the text and of
everything that shapes the result (dictionary, stopwords, mask, options, this
module's ``TOKENS_VERSION`` and the jieba version). The cache folder is
``$POLICYCOMPARE_CACHE`` if set, else ``$XDG_CACHE_HOME/policycompare`` or
``~/.cache/policycompare``; ``POLICYCOMPARE_CACHE=off`` (or ``0``, ``false``,
``no``) or ``Tokenizer(cache=False)`` disables it. The cache file is
bounded: it takes at most a quarter of ``POLICYCOMPARE_CACHE_SIZE`` (2 GB by
default, :func:`policycompare.cache.get_token_cache_limit`), the entries read
or written longest ago making way for new ones.
"""

import atexit
import contextlib
import hashlib
import itertools
import json
import logging
import operator
import os
import re
import shutil
import sqlite3
import sys
import threading
import time
from array import array
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .cache import TOKENS_COMPACT_ABOVE, cache_root, clear_tables, get_token_cache_limit
from .cleaning import CAPITAL_NUMERALS, HALF_WIDTH
from .corpus import documents_of
from .errors import PolicyCompareError
from .tables import typed
from .workers import resolve_jobs, start_prepared, start_shared

__all__ = [
    "TOKENS_VERSION",
    "Token",
    "Tokenizer",
    "clear_cache",
    "get_cache_dir",
    "kwic",
    "load_wordlist",
    "region_terms",
    "tokenize",
    "tokenize_many",
]

# Bump whenever the token rules change, so results cached by older code are not reused.
TOKENS_VERSION = "4"  # 2: full-width Latin words (ＡＩ, ５Ｇ) are tokens, read as ASCII; 3: outline labels (第一节, 第壹節) are not; 4: 第5条款 keeps 条款

# Frequency given to user-dictionary words listed without one. jieba's own
# suggestion (just enough to beat the word's split when it stands alone) often
# loses to an overlapping neighbour (统筹职业教育资源 → 职业 / 教育资源). With 2000,
# 96.7% of dictionary-term occurrences in the bundled corpus come out whole,
# against 95.5% with jieba's suggestion; 20000 gains nothing more
# (docs/method-representations.md).
DEFAULT_WORD_FREQ = 2000

# Full-width Latin words (ＡＩ, ＳＴＥＭ, ５Ｇ, １＋Ｘ), from a full-width input mode, are read as the ASCII
# words they stand for: jieba would cut them into letters. A run of the characters jieba keeps in one word
# with Latin letters (letters, digits, + # & . _ % -), in either width, is folded when it holds a letter;
# full-width numbers alone (２０２６, １００％) are left as they are. Folding keeps every offset.
_FULL_WIDTH = re.compile(r"[０-９Ａ-Ｚａ-ｚ＋＃＆．＿％－]")
_LATIN_RUN = re.compile(r"[0-9A-Za-z+#&._%\-０-９Ａ-Ｚａ-ｚ＋＃＆．＿％－]*[A-Za-zＡ-Ｚａ-ｚ][0-9A-Za-z+#&._%\-０-９Ａ-Ｚａ-ｚ＋＃＆．＿％－]*")
_NUMBER = re.compile(r"^[0-9０-９.．,，%％‰+\-]*[0-9０-９][0-9０-９.．,，%％‰+\-]*$")
# Anonymisation placeholders of published plans (xx学校, xx%), not words.
_PLACEHOLDER = re.compile(r"^[xX×＊*]{2,}[%％]?$")
# Outline labels number a plan's parts, as its 一、 and （二） do: 第一节, 第三章, 第12条, and in the capital numerals of
# plans from Taiwan 第壹節, 第貳章, 第拾壹條 (simplified: 第贰节, 第参章); the labels the outline reads (章 节 条) and 篇.
# They are cut out of the text before segmentation, as masked names are: left in, jieba keeps some whole (第一节),
# cuts others in odd places (第拾 / 壹節, 第 / 貳節, 第二十一 / 條) and joins others to the next word (第參節執行 →
# 節執 / 行期, 第二十一條規定 → 條規定). An ordinal that labels no part (第九届, 第三方, 第一阶段) stays.
# Not the first character of a word the label's last one starts: 第5条款, 第三篇章, 第二章节 keep 条款, 篇章, 章节.
_OUTLINE_LABEL = f"第[〇零一二三四五六七八九十百两0-9０-９{CAPITAL_NUMERALS}]+(?:章(?![节節])|[条條](?!款)|篇(?!章)|[节節])"
_JIEBA = {}  # dictionary fingerprint -> initialised jieba.Tokenizer, shared by Tokenizer objects
_JIEBA_LOCK = threading.Lock()
_PREPARED = {}  # (dictionary fingerprint, processes) -> PreparedWorkers loading that dictionary ahead
_DEFAULT_TOKENIZER = None


class Token(NamedTuple):
    """One token: its text and its offsets in the text it was cut from (``text == source[start:end]``).

    A full-width Latin word is the exception: its text is the ASCII word
    (ＡＩ gives ``text='AI'``), so that both forms are one term, and its
    offsets are those of the word as written (``source[start:end] == 'ＡＩ'``).

    Attributes
    ----------
    text : str
    start : int
        Offset of the token's first character in the source text.
    end : int
        Offset just after its last character.
    """

    text: str
    start: int
    end: int


def _fold_latin(text):
    """``text`` with its full-width Latin words in ASCII (ＡＩ → AI, ５Ｇ → 5G, Ｓtem → Stem), same length.

    Examples
    --------
    >>> _fold_latin("开展ＡＩ教育，建设５Ｇ校园，到２０２６年")
    '开展AI教育，建设5G校园，到２０２６年'
    """
    if not _FULL_WIDTH.search(text):
        return text
    return _LATIN_RUN.sub(lambda match: match.group().translate(HALF_WIDTH), text)


def _data_path(name):
    return Path(str(resources.files("policycompare") / "data" / name))


def load_wordlist(path):
    """Read a word list: one entry a line, ``#`` starts a comment line, blank lines skipped.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    list of str
        The entries (each line stripped), in file order.

    Raises
    ------
    PolicyCompareError
        If the file cannot be read as UTF-8.

    Examples
    --------
    >>> words = load_wordlist(_data_path("stopwords.txt"))
    >>> "进一步" in words, "集团化办学" in words
    (True, False)
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise PolicyCompareError("word list not found", path=path) from None
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyCompareError(f"cannot read word list as UTF-8 ({err})", path=path) from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _parse_user_dict(entries, path=None):
    """Entries ``word [freq] [tag]`` (jieba's user-dictionary format) -> list of (word, freq or None, tag)."""
    words = []
    for number, entry in enumerate(entries, start=1):
        parts = entry.split()
        word, freq, tag = parts[0], None, ""
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest or (tag and not tag.isalpha()):
            raise PolicyCompareError(f"user dictionary entry {number} ({entry!r}) is not 'word [freq] [tag]'", path=path)
        words.append((word, freq, tag))
    return words


def _resolve_words(value, name, default_file):
    """A word source ("default", None, a path, or an iterable of words) -> (list of entries, path or None)."""
    if value is None:
        return [], None
    if isinstance(value, str) and value == "default":
        path = _data_path(default_file)
        return load_wordlist(path), path
    if isinstance(value, (str, os.PathLike)):
        return load_wordlist(value), Path(value)
    try:
        entries = [str(w).strip() for w in value]
    except TypeError:
        raise ValueError(f"{name} must be 'default', None, a file path or a list of words; got {value!r}") from None
    return [w for w in entries if w], None


def _jieba_version():
    # Read from the installed metadata so that a cache hit never has to import jieba (0.2 s).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jieba")
    except PackageNotFoundError:
        import jieba

        return jieba.__version__


@contextlib.contextmanager
def _quiet_jieba():
    # jieba logs "Building prefix dict ..." at DEBUG to stderr; keep notebooks and the CLI quiet,
    # and leave jieba's logger as it was for anyone else using it.
    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def get_cache_dir():
    """The folder where tokenization results are cached, or None if caching is turned off.

    Set ``POLICYCOMPARE_CACHE`` to a folder to move the cache, or to ``off`` to turn it off.

    Examples
    --------
    >>> import os
    >>> saved = os.environ.get("POLICYCOMPARE_CACHE")
    >>> os.environ["POLICYCOMPARE_CACHE"] = "off"
    >>> get_cache_dir() is None
    True
    >>> os.environ["POLICYCOMPARE_CACHE"] = os.path.join("work", "pc-cache")
    >>> get_cache_dir().name
    'pc-cache'
    >>> _ = os.environ.pop("POLICYCOMPARE_CACHE") if saved is None else os.environ.update(POLICYCOMPARE_CACHE=saved)
    """
    return cache_root(None)


def clear_cache(*, cache=None):
    """Delete the cached results: token spans, PDF pages and finished results (alignments, the report's figures and graph files).

    Parameters
    ----------
    cache : str, os.PathLike or None, default=None
        A cache folder; ``None`` uses :func:`get_cache_dir`.

    Returns
    -------
    int
        The number of cache entries removed.
    """
    root = cache_root(cache)
    if root is None:
        return 0
    count = clear_tables(cache=root)
    folder = root / "tokens"
    if not folder.is_dir():
        return count
    with _DATABASES_LOCK:
        if (folder / _SPANS_FILE).is_file():
            store = _span_store(root)
            if store is not None:
                with contextlib.suppress(sqlite3.Error):
                    count += store.database.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
        _forget_spans(root)
        shutil.rmtree(folder, ignore_errors=True)
    return count


# -- the span store -------------------------------------------------------------------------------

_SPANS_FILE = "spans.sqlite3"
# Keys per SELECT: below SQLite's oldest limit on bound parameters (999).
_SQL_BATCH = 900


# Seconds a write waits while another process writes (a read's marks do not wait: _mark_read).
_BUSY_WAIT = 30
# A row read counts as used at most once an hour: recency to the hour is enough to choose what to remove, and a
# loop that reads the same cached texts again and again writes nothing. A row written counts as used then.
_USED_EVERY = 3600
# Rows read are marked used in batches, not one write per read: with the next write of this process, or once
# this many wait or the first has waited this long (seconds), or when the process exits.
_MARK_BATCH = 1000
_MARK_DELAY = 60
_MARK_MOST = 100 * _MARK_BATCH  # beyond this many waiting (the file busy for long) the marks are dropped: a cache
# Over its share, rows are removed until the pages in use take this part of it, so that the next writes do not each
# remove a few; their pages are free for the next rows.
_EVICT_TO = 0.9
# The file is rewritten (VACUUM) to give its free pages back to the disk only when they make it this many times its
# share: a file written before the bound, a bound made smaller, or one batch of many texts. The tables' bound leaves
# it that room (cache._tables_limit).
_COMPACT_ABOVE = TOKENS_COMPACT_ABOVE
# At most this many bytes of the file a row takes beyond its offsets: the rest of a page its long offsets overflow
# into, its key twice (table and index), the length, the time and the cells' headers (150 bytes a row measured).
_ROW_BYTES = 4096 + 256
# The file's size and the bytes of its free pages, in one statement (0.013 ms: a write asks only near the bound).
_SIZES = "SELECT page_count * page_size, freelist_count * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size"


class _SpanStore:
    """A span database this process has open: the connection, and the rows read that are not yet marked used."""

    __slots__ = ("path", "pid", "file_id", "database", "read", "mark_by")

    def __init__(self, path, pid, file_id, database):
        self.path = path
        self.pid = pid
        self.file_id = file_id
        self.database = database
        self.read = {}  # key -> when it was read, for rows last marked used over _USED_EVERY before
        self.mark_by = 0.0  # when the rows in read are to be marked at the latest


# The span databases this process has open: {file: _SpanStore}. Opening one costs more than reading
# an entry, and tokenize() reads and writes one text at a time.
_DATABASES = {}
# Guards _DATABASES and every use of a connection in it: threads share the connections.
_DATABASES_LOCK = threading.RLock()
_MAX_DATABASES = 8
_MARKS_AT_EXIT = []  # [True] once the marks left at exit are to be written


def _now():
    """The time in whole seconds, as rows are marked used (tests move it)."""
    return int(time.time())


def _span_store(root):
    """This process's open span database under ``root``; None if it cannot be opened.

    The connection is kept for the next call, and opened again when the file
    was removed or replaced since (by :func:`clear_cache`, another process or
    a hand), or in a forked child, which must not use its parent's
    connection. Callers hold ``_DATABASES_LOCK`` while they use it.
    """
    path = root / "tokens" / _SPANS_FILE
    known = _DATABASES.get(str(path))
    if known is not None and known.pid == os.getpid() and known.file_id == _file_id(path):
        _DATABASES[str(path)] = _DATABASES.pop(str(path))  # now the most recently used
        return known
    _forget_spans(root)
    database = _open_spans(root)
    if database is None:
        return None
    # A few caches at a time are usual; the connection used longest ago makes way for a new one.
    while len(_DATABASES) >= _MAX_DATABASES:
        _close_spans(_DATABASES.pop(next(iter(_DATABASES))), mark=True)
    store = _DATABASES[str(path)] = _SpanStore(path, os.getpid(), _file_id(path), database)
    return store


def _file_id(path):
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _forget_spans(root):
    """Close and drop this process's connection to the span database under ``root``, if it has one.

    Rows read and not yet marked used are forgotten with it: the file was
    removed or replaced, or is about to be.
    """
    _close_spans(_DATABASES.pop(str(root / "tokens" / _SPANS_FILE), None))


def _close_spans(store, *, mark=False):
    """Close a :class:`_SpanStore` of ``_DATABASES``, unless a parent process opened it; with ``mark``, mark the rows read first."""
    # A connection inherited from a parent process is dropped, never closed: it is the parent's, and so are its marks.
    if store is not None and store.pid == os.getpid():
        if mark and store.read:
            _mark_read(store, wait=0)
        with contextlib.suppress(sqlite3.Error):
            store.database.close()


def _open_spans(root):
    """The token-span database under ``root``/tokens, created if absent; None if it cannot be opened.

    One SQLite file holds every entry: a corpus of thousands of measures
    would otherwise be tens of thousands of small files, each written and
    renamed on its own. A file that is not a database (damaged, or left by
    something else) is replaced.
    """
    path = root / "tokens" / _SPANS_FILE
    for attempt in range(2):
        database = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Transactions are begun explicitly; a busy database is waited for, as another process writes.
            # Threads share the connection, one at a time (_DATABASES_LOCK).
            database = sqlite3.connect(path, timeout=_BUSY_WAIT, isolation_level=None, check_same_thread=False)
            # A cache: commits need not wait for the disk; a file a crash leaves damaged is replaced.
            database.execute("PRAGMA synchronous=OFF")
            # used: when the row was last written or read, in seconds (_now), to remove those used longest ago
            # first. Before the blob, so that choosing them does not read the blobs' overflow pages.
            database.execute("CREATE TABLE IF NOT EXISTS spans "
                             "(key BLOB PRIMARY KEY, length INTEGER NOT NULL, used INTEGER NOT NULL DEFAULT 0, spans BLOB NOT NULL)")
            _add_used(database)
            return database
        except sqlite3.OperationalError:
            # locked for longer than the timeout, read-only, or not a place a file can be made
            break
        except sqlite3.DatabaseError:
            if database is not None:
                database.close()
                database = None
            if attempt == 0:
                _discard_spans(root)
        except OSError:
            break
    if database is not None:
        database.close()
    return None


def _add_used(database):
    """Add the ``used`` column to a file written before the bound; its rows count as used longest ago.

    Adding a column with a default changes the schema only, not the rows.
    Two processes may both find it missing: the second's ALTER fails, and
    finding the column then is enough. A file this process may not write
    (a shared read-only cache) is read through a view that gives each row
    ``used`` 0; marks and writes then fail as writes to it would, and are
    skipped as such.
    """
    if _has_used(database):
        return
    try:
        database.execute("ALTER TABLE spans ADD COLUMN used INTEGER NOT NULL DEFAULT 0")
    except sqlite3.OperationalError as error:
        if _has_used(database):
            return
        # SQLITE_READONLY: "attempt to write a readonly database"
        if "readonly" not in str(error):
            raise
        # A view of the temp schema is found before the file's table of the same name, and is only in memory.
        database.execute("CREATE TEMP VIEW IF NOT EXISTS spans AS SELECT key, length, 0 AS used, spans FROM main.spans")


def _has_used(database):
    return any(row[1] == "used" for row in database.execute("PRAGMA table_info(spans)"))


def _mark_read(store, *, wait):
    """Mark the rows of ``store.read`` used, in a transaction of their own; those waiting stay if the file stays busy ``wait`` seconds.

    The wait is short: this runs on a read (or at exit), which must not be
    held up for a long write of another process. The next write of this
    process marks them anyway.
    """
    database = store.database
    try:
        database.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        database.execute("BEGIN IMMEDIATE")
        _write_marks(database, store.read)
        database.execute("COMMIT")
        store.read.clear()
    except sqlite3.DatabaseError:
        # busy, read-only or damaged: the marks wait for the next write, unless too many wait (the next read of a
        # damaged file finds it so and replaces it)
        _roll_back(database)
        store.mark_by = _now() + _MARK_DELAY
        if len(store.read) > _MARK_MOST:
            store.read.clear()
    finally:
        with contextlib.suppress(sqlite3.Error):
            database.execute(f"PRAGMA busy_timeout = {_BUSY_WAIT * 1000}")


def _write_marks(database, read):
    """Within the caller's transaction: set ``used`` of each row of ``read`` ({key: when read}), unless set later since."""
    if read:
        database.executemany("UPDATE spans SET used = ?1 WHERE key = ?2 AND used < ?1", [(when, key) for key, when in read.items()])


def _mark_at_exit():
    """Mark the rows read and not yet marked, in every span database this process opened."""
    with _DATABASES_LOCK:
        for store in list(_DATABASES.values()):
            if store.pid == os.getpid() and store.read:
                _mark_read(store, wait=1)


def _keep_within(database, limit):
    """Within the caller's transaction: remove the rows used longest ago while the pages in use take over ``limit`` bytes.

    Rows are removed until the pages in use take about :data:`_EVICT_TO` of
    ``limit``, least recently used first (rows used in the same second: the
    one written first). Their number is that share of the rows, as if rows
    were of one size; pages left partly empty keep the total over the bound
    now and then, and another round removes more.

    Returns
    -------
    (int, int)
        The file's size and the bytes of its free pages, in bytes.
    """
    size, free = database.execute(_SIZES).fetchone()
    target = int(limit * _EVICT_TO)
    while size - free > limit:
        rows = database.execute("SELECT COUNT(*) FROM spans").fetchone()[0]
        if not rows:
            break  # a bound smaller than an empty file
        remove = -(-rows * (size - free - target) // (size - free))
        # One pass over the table (a sort kept to `remove` rows), rather than an index on used that every read's
        # mark and every write would update.
        database.execute("DELETE FROM spans WHERE rowid IN (SELECT rowid FROM spans ORDER BY used, rowid LIMIT ?)", (remove,))
        size, free = database.execute(_SIZES).fetchone()
    return size, free


def _near_bound(path, rows, limit):
    """Whether the span file at ``path`` and the ``rows`` being written to it may take over ``limit`` bytes.

    Called with the write lock held: the file's size then counts every page
    in use, and no other process changes it.
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return True  # removed by hand meanwhile: the pages are counted
    return size + sum(len(row[-1]) + _ROW_BYTES for row in rows) > limit


def _compact(database):
    """Rewrite the file without its free pages (VACUUM); skipped if another process keeps it busy."""
    with contextlib.suppress(sqlite3.Error):
        database.execute("VACUUM")


def _discard_spans(root):
    """Remove a damaged span database; the next write starts a new one."""
    _forget_spans(root)
    with contextlib.suppress(OSError):
        (root / "tokens" / _SPANS_FILE).unlink()


def _roll_back(database):
    """End a transaction that failed half-way, so the kept connection can begin the next one."""
    with contextlib.suppress(sqlite3.Error):
        if database.in_transaction:
            database.execute("ROLLBACK")


def _encode_spans(spans):
    """Offsets as little-endian 32-bit integers."""
    packed = array("i", spans)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _decode_spans(blob, length, text):
    """The offsets stored in ``blob``, or None if they do not fit ``text``."""
    if not isinstance(blob, bytes) or len(blob) % 8 or length != len(text):
        return None
    spans = array("i")
    spans.frombytes(blob)
    if sys.byteorder == "big":
        spans.byteswap()
    # Tokens in text order, each non-empty, all inside the text.
    if spans and (spans[0] < 0 or spans[-1] > len(text) or sorted(spans) != list(spans) or not all(map(operator.lt, spans[::2], spans[1::2]))):
        return None
    return spans


class Tokenizer:
    """An isolated jieba segmenter with a user dictionary, stopwords, a place-name mask and rules.

    The constructor only stores its arguments; the jieba dictionary is loaded
    on first use and shared by all Tokenizer objects with the same user
    dictionary.

    Parameters
    ----------
    user_dict : "default", None, str, os.PathLike or list of str, default="default"
        Extra words for jieba: the shipped education-policy dictionary
        (``"default"``), none, a file (one ``word [freq] [tag]`` a line, jieba's
        format; ``#`` comment lines allowed) or a list of such entries. Words
        without a frequency get ``DEFAULT_WORD_FREQ``.
    stopwords : "default", None, str, os.PathLike or list of str, default="default"
        Words dropped from the tokens: the shipped list, none, a file (one word
        a line) or a list.
    extra_stopwords : list of str, default=()
        Added to ``stopwords``; the easy way to extend the shipped list.
    mask : list of str, default=()
        Names cut out of the text before segmentation and never returned (use
        :func:`region_terms` to derive a plan's own place names); the text on
        either side is segmented separately, so 花溪区教研室 gives 教研室.
    keep_numbers : bool, default=False
        Keep tokens made only of digits and number signs (2025, 95%, 1.5).
    min_length : int, default=2
        Shortest token kept, in characters (numbers kept by ``keep_numbers``
        are exempt). Single characters (的, 校, 区, 年) are dropped by default:
        in plans they are function words or fragments of longer terms.
    hmm : bool, default=True
        Let jieba's HMM join characters not in any dictionary into new words.
    cache : None, bool, str or os.PathLike, default=None
        Where to cache results: ``None`` or ``True`` the default folder
        (:func:`get_cache_dir`), ``False`` no caching, or a folder.

    Notes
    -----
    Rules, in order: the mask names and outline labels (第一节, 第三章,
    第壹節, 第貳章) are cut out; jieba segments the rest; tokens without a
    letter or digit (punctuation, symbols, whitespace) and
    anonymisation placeholders (xx, xx%) are dropped; numbers are dropped
    unless ``keep_numbers``; tokens shorter than ``min_length`` are dropped;
    stopwords are dropped unless ``keep_stopwords``. Latin letters keep their
    case (STEAM, AI). A full-width Latin word, digits and + - . inside it
    included, is cut and kept as the ASCII word (ＡＩ → AI, ５Ｇ → 5G,
    Ｓtem → Stem, １＋Ｘ证书 → 1+X证书) at the offsets of the word as written;
    user-dictionary words and stopwords written full-width are read the same
    way.

    Examples
    --------
    >>> tk = Tokenizer(mask=["花溪区"], extra_stopwords=["实施"])
    >>> [t.text for t in tk.tokenize("花溪区实施集团化办学")]
    ['集团化办学']
    >>> tk("推进县管校聘改革")
    ['县管校聘', '改革']
    """

    def __init__(self, *, user_dict="default", stopwords="default", extra_stopwords=(), mask=(), keep_numbers=False, min_length=2, hmm=True, cache=None):
        self.user_dict = user_dict
        self.stopwords = stopwords
        # a lone string is kept as given so that _load can reject it by name
        self.extra_stopwords = extra_stopwords if isinstance(extra_stopwords, str) else tuple(extra_stopwords)
        self.mask = mask if isinstance(mask, str) else tuple(mask)
        self.keep_numbers = keep_numbers
        self.min_length = min_length
        self.hmm = hmm
        self.cache = cache
        self._state = None

    # -- loading -------------------------------------------------------------------------------

    def _load(self):
        """Validate the settings and read the word files once; returns the prepared state."""
        if self._state is not None:
            return self._state
        if isinstance(self.extra_stopwords, str) or isinstance(self.mask, str):
            raise ValueError("extra_stopwords and mask must be lists of words, not a single string")
        if not isinstance(self.min_length, int) or isinstance(self.min_length, bool) or self.min_length < 1:
            raise ValueError(f"min_length must be an integer >= 1; got {self.min_length!r}")
        if self.cache not in (None, True, False) and not isinstance(self.cache, (str, os.PathLike)):
            raise ValueError(f"cache must be None, True, False or a folder; got {self.cache!r}")
        entries, dict_path = _resolve_words(self.user_dict, "user_dict", "userdict.txt")
        # Words are matched against the folded text, so a word written ＶＲ课堂 is VR课堂.
        words = [(_fold_latin(word), freq, tag) for word, freq, tag in _parse_user_dict(entries, dict_path)]
        stop_entries, _ = _resolve_words(self.stopwords, "stopwords", "stopwords.txt")
        stopwords = frozenset(map(_fold_latin, stop_entries)) | {_fold_latin(str(w).strip()) for w in self.extra_stopwords if str(w).strip()}
        mask = sorted({str(m).strip() for m in self.mask if str(m).strip()}, key=lambda m: (-len(m), m))
        # what is cut out before segmentation: the names (first, so a name wins where a label would start) and labels
        cut_pattern = re.compile("|".join([*(re.escape(m) for m in mask), _OUTLINE_LABEL]))
        dict_key = hashlib.sha256(json.dumps([_jieba_version(), DEFAULT_WORD_FREQ, words], ensure_ascii=False).encode("utf-8")).hexdigest()
        settings = {
            "version": TOKENS_VERSION,
            "dict": dict_key,
            "stopwords": sorted(stopwords),
            "mask": mask,
            "keep_numbers": bool(self.keep_numbers),
            "min_length": self.min_length,
            "hmm": bool(self.hmm),
        }
        fingerprint = hashlib.sha256(json.dumps(settings, ensure_ascii=False).encode("utf-8")).hexdigest()
        self._state = {
            "words": words,
            "dict_key": dict_key,
            "stopwords": stopwords,
            "cut_pattern": cut_pattern,
            "fingerprint": fingerprint,
            "keeps": {False: {}, True: {}},
        }
        return self._state

    def _segmenter(self):
        """The shared, initialised jieba.Tokenizer for this user dictionary."""
        state = self._load()
        key = state["dict_key"]
        with _JIEBA_LOCK:
            segmenter = _JIEBA.get(key)
            if segmenter is None:
                import jieba

                segmenter = jieba.Tokenizer()
                with _quiet_jieba():
                    segmenter.initialize()
                for word, freq, tag in state["words"]:
                    if freq is None:
                        # never lower the frequency of a word jieba already knows well (义务教育)
                        freq = max(DEFAULT_WORD_FREQ, segmenter.FREQ.get(word, 0))
                    segmenter.add_word(word, freq=freq, tag=tag or None)
                _JIEBA[key] = segmenter
        return segmenter

    @property
    def fingerprint(self):
        """A hash of everything that shapes the tokens (dictionary, stopwords, mask, options, version)."""
        return self._load()["fingerprint"]

    @property
    def stopword_set(self):
        """The stopwords in use (shipped or given list plus ``extra_stopwords``)."""
        return self._load()["stopwords"]

    # -- tokenizing ----------------------------------------------------------------------------

    def _spans(self, text, keep_stopwords):
        """Token offsets for ``text`` as a flat list [start0, end0, start1, end1, ...], uncached."""
        state = self._load()
        segmenter = self._segmenter()
        # Whether a word is kept depends on the word alone: each distinct word is judged once.
        decisions = state["keeps"][bool(keep_stopwords)]
        pieces, position = [], 0
        for match in state["cut_pattern"].finditer(text):
            pieces.append((position, match.start()))
            position = match.end()
        pieces.append((position, len(text)))
        folded = _fold_latin(text)
        spans = []
        # The loop of jieba's own tokenize, offsets counted here: one generator less per word, a seventh of the time.
        decide, keep_span = decisions.get, spans.append
        for begin, finish in pieces:
            if finish <= begin:
                continue
            start = begin
            for word in segmenter.cut(folded[begin:finish], HMM=self.hmm):
                end = start + len(word)
                keep = decide(word)
                if keep is None:
                    keep = decisions[word] = self._keeps(word, keep_stopwords)
                if keep:
                    keep_span(start)
                    keep_span(end)
                start = end
        return spans

    def _keeps(self, word, keep_stopwords):
        """Whether a token with this text is kept."""
        if not any(ch.isalnum() for ch in word) or _PLACEHOLDER.match(word):
            return False  # punctuation, symbols, whitespace and xx placeholders
        if _NUMBER.match(word):
            return bool(self.keep_numbers)
        if len(word) < self.min_length:
            return False
        return keep_stopwords or word not in self._load()["stopwords"]

    def _cache_key(self, text, keep_stopwords):
        return hashlib.sha256(f"{self.fingerprint}\0{int(bool(keep_stopwords))}\0{text}".encode("utf-8")).digest()

    def _read_cache(self, texts, keep_stopwords):
        """Cached spans of ``texts``: {text: spans} for the entries found that fit their text."""
        root = cache_root(self.cache)
        found = {}
        if root is None:
            return found
        get_token_cache_limit()  # a wrong POLICYCOMPARE_CACHE_SIZE is said at the first read, before the work
        keys = {self._cache_key(text, keep_stopwords): text for text in texts}
        if not keys:
            return found
        wanted = list(keys)
        now = _now()
        stale = now - _USED_EVERY
        with _DATABASES_LOCK:
            store = _span_store(root)
            if store is None:
                return found
            read = store.read
            try:
                for lo in range(0, len(wanted), _SQL_BATCH):
                    batch = wanted[lo:lo + _SQL_BATCH]
                    query = f"SELECT key, length, spans, used FROM spans WHERE key IN ({','.join('?' * len(batch))})"
                    for key, length, blob, used in store.database.execute(query, batch).fetchall():
                        text = keys.get(key)
                        spans = None if text is None else _decode_spans(blob, length, text)
                        if spans is not None:
                            found[text] = spans
                            if used < stale:
                                if not read:
                                    store.mark_by = now + _MARK_DELAY
                                read[key] = now
            except sqlite3.OperationalError:
                pass  # a cache that cannot be read now is a cache miss
            except sqlite3.DatabaseError:
                _discard_spans(root)
                return found
            if read and (len(read) >= _MARK_BATCH or now >= store.mark_by):
                _mark_read(store, wait=0)
            if read and not _MARKS_AT_EXIT:
                _MARKS_AT_EXIT.append(True)
                atexit.register(_mark_at_exit)
        return found

    def _write_cache(self, entries, keep_stopwords):
        """Store (text, spans) pairs in one transaction; a cache that cannot be written is skipped."""
        root = cache_root(self.cache)
        if root is None or not entries:
            return
        limit = get_token_cache_limit()
        if limit == 0:
            return  # POLICYCOMPARE_CACHE_SIZE=0: nothing more is stored, what is stored is still read
        now = _now()
        rows = [(self._cache_key(text, keep_stopwords), len(text), now, _encode_spans(spans)) for text, spans in entries]
        with _DATABASES_LOCK:
            store = _span_store(root)
            if store is None:
                return
            database = store.database
            try:
                database.execute("BEGIN IMMEDIATE")
                # The rows read since are marked first, so that keeping the bound does not remove them.
                _write_marks(database, store.read)
                database.executemany("INSERT OR REPLACE INTO spans (key, length, used, spans) VALUES (?, ?, ?, ?)", rows)
                # In the same transaction: another process never sees the file over its bound, nor removes rows at once.
                size, free = _keep_within(database, limit) if _near_bound(store.path, rows, limit) else (0, 0)
                database.execute("COMMIT")
                store.read.clear()
            except sqlite3.OperationalError:
                _roll_back(database)
                return
            except sqlite3.DatabaseError:
                _discard_spans(root)
                return
            if size > limit * _COMPACT_ABOVE and free > 0:
                _compact(database)

    def tokenize(self, text, *, keep_stopwords=False):
        """Cut ``text`` into tokens with offsets; see :func:`tokenize`.

        Parameters
        ----------
        text : str
        keep_stopwords : bool, default=False
            Keep stopwords (function words and boilerplate such as 加强, 推进).

        Returns
        -------
        list of Token
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str; got {type(text).__name__}")
        self._load()
        spans = self._read_cache([text], keep_stopwords).get(text)
        if spans is None:
            spans = self._spans(text, keep_stopwords)
            self._write_cache([(text, spans)], keep_stopwords)
        folded = _fold_latin(text)
        return [Token(folded[spans[i]:spans[i + 1]], spans[i], spans[i + 1]) for i in range(0, len(spans), 2)]

    def __call__(self, text):
        """Token texts only, so a Tokenizer can be given to scikit-learn as ``tokenizer=``."""
        return [token.text for token in self.tokenize(text)]

    # -- plumbing ------------------------------------------------------------------------------

    def __getstate__(self):
        # Worker processes rebuild the state (and their own jieba) from the settings.
        return {k: v for k, v in self.__dict__.items() if k != "_state"}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._state = None

    def __repr__(self):
        def show(value):
            return repr(value) if isinstance(value, (str, os.PathLike)) or value is None else f"<{len(list(value))} words>"

        return f"Tokenizer(user_dict={show(self.user_dict)}, stopwords={show(self.stopwords)}, mask={list(self.mask)!r}, min_length={self.min_length})"


def _default_tokenizer():
    global _DEFAULT_TOKENIZER
    if _DEFAULT_TOKENIZER is None:
        _DEFAULT_TOKENIZER = Tokenizer()
    return _DEFAULT_TOKENIZER


def _check_tokenizer(tokenizer):
    if tokenizer is None:
        return _default_tokenizer()
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer must be a policycompare Tokenizer or None; got {type(tokenizer).__name__}")
    return tokenizer


def tokenize(text, *, tokenizer=None, keep_stopwords=False):
    """Cut Chinese text into tokens with their character offsets.

    Punctuation, whitespace, numbers and single characters are dropped, and
    so are stopwords unless ``keep_stopwords``; see :class:`Tokenizer` for the
    rules and how to change them.

    Parameters
    ----------
    text : str
    tokenizer : Tokenizer, default=None
        ``None`` uses a shared default ``Tokenizer()`` (shipped dictionary and
        stopwords, no mask).
    keep_stopwords : bool, default=False
        Keep stopwords (function words and boilerplate such as 加强, 推进).

    Returns
    -------
    list of Token
        ``(text, start, end)`` with ``text == source[start:end]``, in text
        order; a full-width Latin word's text is the ASCII word.

    Examples
    --------
    >>> [t.text for t in tokenize("到2025年，全面落实立德树人根本任务，推进集团化办学。")]
    ['立德树人', '根本任务', '集团化办学']
    >>> tokenize("坚持五育并举")
    [Token(text='五育并举', start=2, end=6)]
    >>> [t.text for t in tokenize("坚持五育并举", keep_stopwords=True)]
    ['坚持', '五育并举']
    >>> tokenize("开展ＡＩ教育")  # full-width: the term AI, the offsets of ＡＩ
    [Token(text='AI', start=2, end=4), Token(text='教育', start=4, end=6)]
    """
    return _check_tokenizer(tokenizer).tokenize(text, keep_stopwords=keep_stopwords)


def _spans_of(tokenizer, text, keep_stopwords):
    """A worker's task: the spans of one text."""
    return tokenizer._spans(text, keep_stopwords)


def tokenize_many(texts, *, tokenizer=None, n_jobs=1, keep_stopwords=False):
    """Tokenize many texts, reading and filling the disk cache, optionally in several processes.

    Parameters
    ----------
    texts : iterable of str
    tokenizer : Tokenizer, default=None
    n_jobs : int, default=1
        Worker processes for texts not in the cache (each loads its own jieba);
        ``-1`` uses every CPU. The result does not depend on ``n_jobs``.
    keep_stopwords : bool, default=False

    Returns
    -------
    list of list of Token
        One list per text, in the order given.

    Examples
    --------
    >>> [[t.text for t in tokens] for tokens in tokenize_many(["实施托管帮扶", "落实双减政策"])]
    [['托管帮扶'], ['双减', '政策']]
    """
    texts = _check_texts(texts)
    spans = _spans_many(texts, tokenizer=tokenizer, n_jobs=n_jobs, keep_stopwords=keep_stopwords)
    return [[Token(folded[s[i]:s[i + 1]], s[i], s[i + 1]) for i in range(0, len(s), 2)] for folded, s in ((_fold_latin(t), spans[t]) for t in texts)]


def _check_texts(texts):
    if isinstance(texts, str):
        raise ValueError("texts must be a list of str, not a single str (use tokenize for one text)")
    texts = list(texts)
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise ValueError(f"texts must all be str; got a {bad[0]}")
    return texts


def _spans_many(texts, *, tokenizer, n_jobs, keep_stopwords):
    """Token spans of each distinct text, from the cache or computed (in ``n_jobs`` processes)."""
    return _start_spans_many(texts, tokenizer=tokenizer, n_jobs=n_jobs, keep_stopwords=keep_stopwords)()


def _start_spans_many(texts, *, tokenizer, n_jobs, keep_stopwords):
    """Start :func:`_spans_many`; returns a function that waits for the spans and returns them.

    With several processes the texts are handed to the workers at once, so
    the caller can do other work while they cut.
    """
    n_jobs = resolve_jobs(n_jobs)
    tokenizer = _check_tokenizer(tokenizer)
    tokenizer._load()  # setting errors are raised here, not inside a worker

    # Spans are kept as compact int arrays: a list of Python ints costs ten times the memory.
    spans = dict.fromkeys(texts)
    spans.update(tokenizer._read_cache(spans, keep_stopwords))
    missing = [text for text, found in spans.items() if found is None]

    def store(computed):
        # One transaction for the whole batch, written by this process once the texts are cut.
        tokenizer._write_cache(list(zip(missing, computed)), keep_stopwords)
        for text, found in zip(missing, computed):
            spans[text] = array("i", found)
        return spans

    # Batches of texts per message: one message per text costs more than cutting a short measure.
    chunksize = max(1, len(missing) // (8 * n_jobs))
    tasks = [(text, keep_stopwords) for text in missing]
    prepared = _PREPARED.pop((tokenizer._load()["dict_key"], n_jobs), None) if len(missing) > 1 else None
    if prepared is not None:
        waiting = prepared.start_shared(_spans_of, tasks, tokenizer, chunksize=chunksize)
    else:
        waiting = start_shared(_spans_of, tasks, tokenizer, n_jobs, chunksize=chunksize)
    return lambda: store(waiting())


@contextlib.contextmanager
def _cutting_ahead(tokenizer, n_jobs):
    """Within the block, load jieba's dictionary in a background process, for the workers that cut texts in ``n_jobs`` processes.

    Workers started the usual way each load the dictionary (about a second)
    once they are handed the texts. Here one process loads it at once, while
    the block goes on (parsing the plans, say), and forks the workers from
    itself when the texts come, so they start cutting straight away and the
    dictionary is loaded once instead of once per worker. Used by the first
    batch the block cuts in ``n_jobs`` processes with this tokenizer's
    dictionary; stopped when the block ends, if it was not used.
    """
    tokenizer = _check_tokenizer(tokenizer)
    n_jobs = resolve_jobs(n_jobs)
    key = (tokenizer._load()["dict_key"], n_jobs)
    # An enclosing block may have started one already.
    prepared = None if key in _PREPARED else start_prepared(tokenizer._segmenter, n_jobs)
    if prepared is not None:
        _PREPARED[key] = prepared
    try:
        yield
    finally:
        if prepared is not None:
            if _PREPARED.get(key) is prepared:
                del _PREPARED[key]
            prepared.close()


def _terms_many(texts, *, tokenizer=None, n_jobs=1, keep_stopwords=False):
    """Token texts of many texts: :func:`tokenize_many` without the offsets.

    Equal terms are one shared str object, which keeps a large corpus's
    token lists small in memory.
    """
    return _start_terms_many(texts, tokenizer=tokenizer, n_jobs=n_jobs, keep_stopwords=keep_stopwords)()


def _start_terms_many(texts, *, tokenizer=None, n_jobs=1, keep_stopwords=False):
    """Start :func:`_terms_many`; returns a function that waits for the terms and returns them."""
    texts = _check_texts(texts)
    waiting = _start_spans_many(texts, tokenizer=tokenizer, n_jobs=n_jobs, keep_stopwords=keep_stopwords)

    def finish():
        spans = waiting()
        shared = {}
        # A text given again (plans repeat measures word for word) gets a copy of its terms, not a second cut.
        terms_of = {}
        terms = []
        for text in texts:
            found = terms_of.get(text)
            if found is None:
                s, folded = spans[text], _fold_latin(text)
                terms.append(terms_of.setdefault(text, [shared.setdefault(term, term) for term in (folded[s[i]:s[i + 1]] for i in range(0, len(s), 2))]))
            else:
                terms.append(list(found))
        return terms

    return finish


# -- region names ----------------------------------------------------------------------------------

# Place names are written in either script: a plan from Taiwan or Hong Kong read without convert names itself
# 新竹縣, 葵青區; a manifest may name a plan in simplified characters in traditional ones (花溪區), or the other way
# round; and in Taiwan 臺 and 台 are one character (臺中市, 台中市). Without opencc (an optional dependency, and the
# names must not depend on whether it is installed) the characters of the administrative suffixes are mapped both
# ways, one for one, and 臺/台 both ways in a name in traditional characters. A name whose other characters differ
# between the scripts (貴陽市 and 贵阳市, 嘉義縣 and 嘉义县, 荃灣區 and 荃湾区) is given in the script it is written in:
# convert the plans (convert="t2s" converts their metadata too) or name it as the plan writes it.
_TO_SIMPLIFIED = str.maketrans("縣區鄉鎮別臺", "县区乡镇别台")
_TO_TRADITIONAL = str.maketrans("县区乡镇别", "縣區鄉鎮別")
# Matched on the name with its suffix in simplified characters; the short form is the same length in either script.
# Autonomous regions, prefectures, counties and banners: 宁夏回族自治区 → 宁夏, 新疆维吾尔自治区 → 新疆,
# 乳源瑶族自治县 → 乳源, 恩施土家族苗族自治州 → 恩施.
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,3}族|维吾尔|維吾爾)*自治[区州县旗]$")
_ADMIN_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|新区|省|市|区|县|州|盟|旗|镇|乡)$")
_NAME_SEPARATORS = re.compile(r"[，,、;；/／\s]+")
REGION_FIELDS = ("region_zh", "place", "province")
# Place names that open a title line: 桂林市七星区人民政府关于… → 桂林市, 七星区 (two or more
# characters before the suffix, so 全区 and 本市 are not names).
_OPENING_PLACE = re.compile(r"(?:中共)?([\u4e00-\u9fff]{2,7}?(?:族自治[州县縣旗]|自治[区區]|特[别別]行政[区區]|省|市|[区區]|[县縣]|州|盟|旗))")
_TITLE_LINES = 3
_NONBLANK_LINE = re.compile(r"[^\n]*\S[^\n]*")


def _name_forms(name):
    """A place name and its short form, in both scripts: 花溪区 → 花溪区, 花溪區, 花溪; 臺中市 → 臺中市, 台中市, 臺中, 台中.

    Examples
    --------
    >>> sorted(_name_forms("新竹縣")), sorted(_name_forms("宁夏回族自治区"))
    (['新竹', '新竹县', '新竹縣'], ['宁夏', '宁夏回族自治区', '宁夏回族自治區'])
    """
    traditional = name.translate(_TO_TRADITIONAL)
    # 臺 and 台 both in traditional characters; simplified ones write 台 only
    written = {name, name.translate(_TO_SIMPLIFIED), traditional, traditional.replace("台", "臺"), traditional.replace("臺", "台")}
    forms = set(written)
    for form in written:
        simplified = form.translate(_TO_SIMPLIFIED)
        if match := _AUTONOMOUS.match(simplified) or _ADMIN_SUFFIX.match(simplified):
            forms.add(form[:match.end(1)])
    return forms


def region_terms(corpus_or_document, *, fields=REGION_FIELDS):
    """Place names of a plan (or of every plan of a corpus), to mask in tokens.

    Names come from the metadata fields (``region_zh``, ``place``,
    ``province``), split at commas; each is given with its short form
    (花溪区 → 花溪, 银川市 → 银川, 宁夏回族自治区 → 宁夏, 乳源瑶族自治县 → 乳源).
    A plan with none of them (loaded without a manifest) gets the place
    names that open its title, or its first three lines when it has no
    title: 桂林市七星区人民政府关于… gives 桂林市 and 七星区. A plan with a
    ``region_zh`` but no ``place`` also gets the names that open its title
    before its region's (桂林市 before 七星区), so the city above a district is
    masked too; a title that does not open with the region's name gives
    none (加快建设教育强区… is no place).

    Each name is given in both scripts as far as its administrative suffix
    goes (新竹縣 → 新竹县, 花溪区 → 花溪區; 县 区 乡 镇 and 特别行政区 map one
    for one), and a name in traditional characters with 臺 and with 台
    (臺中市 → 台中市, 台中, 臺中), so that a plan read without ``convert`` is
    masked however it or its manifest writes its places. The other
    characters of a name are not converted (a manifest's 貴陽市 does not
    give 贵阳市): load the plans with ``convert="t2s"``, which converts the
    metadata with the text, or write the names as the plans do.

    Parameters
    ----------
    corpus_or_document : Corpus or Document
    fields : tuple of str, default=("region_zh", "place", "province")

    Returns
    -------
    list of str
        Sorted, without duplicates; pass it to ``Tokenizer(mask=...)``.

    Examples
    --------
    >>> from policycompare.corpus import load_corpus
    >>> region_terms(load_corpus()["huaxi"])
    ['花溪', '花溪区', '花溪區', '贵州', '贵州省', '贵阳', '贵阳市']
    >>> region_terms(load_corpus()["yinchuan"])
    ['宁夏', '宁夏回族自治区', '宁夏回族自治區', '银川', '银川市']
    >>> from policycompare.corpus import load_document_from_text
    >>> region_terms(load_document_from_text("星政发〔2024〕4号\\n桂林市七星区人民政府关于印发…的通知", doc_id="draft"))
    ['七星', '七星区', '七星區', '桂林', '桂林市']
    >>> region_terms(load_document_from_text("桂林市七星区人民政府关于印发…的通知", doc_id="qixing", metadata={"region_zh": "七星区"}))
    ['七星', '七星区', '七星區', '桂林', '桂林市']
    >>> region_terms(load_document_from_text("一、目标", doc_id="taichung", metadata={"region_zh": "臺中市"}))
    ['台中', '台中市', '臺中', '臺中市']
    """
    terms = set()
    for doc in documents_of(corpus_or_document, name="corpus_or_document"):
        names = [name for field in fields for name in _NAME_SEPARATORS.split(str(doc.metadata.get(field) or "")) if name]
        region = str(doc.metadata.get("region_zh") or "").strip()
        if not names:
            names = _opening_places(doc)
        elif region and not str(doc.metadata.get("place") or "").strip():
            # The region alone (七星区) leaves the city the title names above it (桂林市…) a plan's most distinctive term.
            # Only names before the region's own count: any 2-7 characters before 区 or 市 match, 加快建设教育强区 too.
            opening = _opening_places(doc)
            names += opening[:opening.index(region)] if region in opening else []
        for name in names:
            terms |= _name_forms(name)
    return sorted(terms)


def _opening_places(doc):
    """Place names at the start of a plan's title, or of its first lines when it has none (no manifest)."""
    title = str(doc.metadata.get("title") or "")
    # The first lines only: a plan may run to megabytes.
    lines = [title] if title else [m.group() for m in itertools.islice(_NONBLANK_LINE.finditer(doc.text), _TITLE_LINES)]
    names = []
    for line in lines:
        position = len(line) - len(line.lstrip())
        while match := _OPENING_PLACE.match(line, position):
            names.append(match.group(1))
            position = match.end()
    return names


# -- keyword in context ----------------------------------------------------------------------------


def kwic(corpus_or_document, term, *, width=15, tokens=False, tokenizer=None):
    """Every occurrence of ``term`` with the text around it (keyword in context).

    By default occurrences are found in the cleaned text as substrings (also
    where the segmenter cut ``term`` into a longer word), left to right without
    overlaps. With ``tokens=True`` only the occurrences the tokenizer makes a
    token of are shown: the ones :func:`~policycompare.extract_keywords` and
    :func:`~policycompare.count_terms` count. Either way a Latin word is
    found in full and half width alike (``AI`` finds ``ＡＩ``), as it is
    counted.

    Parameters
    ----------
    corpus_or_document : Corpus or Document
    term : str
    width : int, default=15
        Characters shown on each side; line breaks in them are shown as spaces.
    tokens : bool, default=False
        Only occurrences that are tokens (stopwords included).
    tokenizer : Tokenizer, default=None
        For ``tokens=True``; ``None``: ``Tokenizer(mask=region_terms(...))``,
        the tokenizer that counts keywords, so a plan's own place names are no
        tokens.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id, measure_id, start, end, left, term, right``;
        ``measure_id`` is the unit of :func:`~policycompare.extract_measures`
        the occurrence starts in, ``start``/``end`` are offsets in
        ``Document.text``.

    Examples
    --------
    >>> from policycompare.corpus import load_document_from_text
    >>> doc = load_document_from_text("推进集团化办学。组建教育集团，深化集团化办学改革。", doc_id="demo")
    >>> kwic(doc, "集团化办学", width=4)
      doc_id measure_id  start  end  left   term right
    0   demo     demo:1      2    7    推进  集团化办学  。组建教
    1   demo     demo:2     17   22  团，深化  集团化办学   改革。
    >>> kwic(doc, "集团")["start"].tolist(), kwic(doc, "集团", tokens=True)["start"].tolist()  # 教育集团 is one token
    ([2, 12, 17], [])
    """
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"term must be a non-empty str; got {term!r}")
    if not isinstance(width, int) or isinstance(width, bool) or width < 0:
        raise ValueError(f"width must be an integer >= 0; got {width!r}")
    if tokenizer is not None and not tokens:
        raise ValueError("tokenizer goes with tokens=True; substrings are found without one")
    documents = documents_of(corpus_or_document, name="corpus_or_document")
    if tokens:
        tokenizer = Tokenizer(mask=region_terms(corpus_or_document)) if tokenizer is None else _check_tokenizer(tokenizer)
        wanted = _fold_latin(term)  # the token of ＡＩ is AI
    from .structure import extract_measures, measure_at

    rows = []
    for doc in documents:
        text = doc.text
        if tokens:
            positions = [token.start for token in tokenizer.tokenize(text, keep_stopwords=True) if token.text == wanted]
        else:
            # ＡＩ and AI are one word: both are found, whichever is asked (folding keeps every offset).
            folded, needle = _fold_latin(text), _fold_latin(term)
            positions, position = [], folded.find(needle)
            while position >= 0:
                positions.append(position)
                position = folded.find(needle, position + len(needle))
        measure_ids = measure_at(extract_measures(doc), doc.doc_id, positions) if positions else []
        for position, measure_id in zip(positions, measure_ids):
            end = position + len(term)
            left = text[max(0, position - width):position].replace("\n", " ")
            right = text[end:end + width].replace("\n", " ")
            rows.append((doc.doc_id, measure_id, position, end, left, term, right))
    columns = ["doc_id", "measure_id", "start", "end", "left", "term", "right"]
    return typed(pd.DataFrame(rows, columns=columns), {"start": "int64", "end": "int64"})
