"""The one exception type users meet, so a caller can catch our errors apart from bugs, and the one warning type."""

import contextlib
import re
import warnings

__all__ = ["PolicyCompareError", "PolicyCompareWarning", "UnknownIdError"]


# Characters that would break the message's one line, or hide in it, if a file name held them.
_UNPRINTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def listed(names, shown=5, separator=", "):
    """Names for a message: the first ``shown`` joined by ``separator``, then how many more.

    Examples
    --------
    >>> listed(["a.txt", "b.txt"]), listed([f"plan-{k}" for k in range(7)], shown=3)
    ('a.txt, b.txt', 'plan-0, plan-1, plan-2 and 4 more')
    """
    names = list(names)
    more = len(names) - shown
    return separator.join(names[:shown]) + (f" and {more} more" if more > 0 else "")


class _OneLine:
    """A message of one line that starts with the file or folder it is about."""

    def __init__(self, message, *, path=None):
        self.path = None if path is None else str(path)
        self.reason = " ".join(str(message).split())
        # A name with a line break or another control character (legal on Linux) is shown quoted and escaped.
        shown = None if path is None else repr(self.path) if _UNPRINTED.search(self.path) else self.path
        super().__init__(self.reason if path is None else f"{shown}: {self.reason}")


class PolicyCompareError(_OneLine, ValueError):
    """A problem with the user's input, worded as one line that names the file.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    path : str or os.PathLike, default=None
        The file or folder the problem is in; it starts the message.

    Examples
    --------
    >>> str(PolicyCompareError("file is empty", path="draft.txt"))
    'draft.txt: file is empty'
    """


class UnknownIdError(PolicyCompareError, KeyError):
    """An id (of a document, a peer) that is not in the corpus: a :class:`PolicyCompareError` and a ``KeyError``.

    ``except PolicyCompareError`` catches it with the other input errors, and
    ``except KeyError`` as a failed lookup in the corpus.

    Examples
    --------
    >>> str(UnknownIdError("no document 'yinchaun' in the corpus"))
    "no document 'yinchaun' in the corpus"
    """

    # KeyError would show the message quoted, as a key.
    __str__ = BaseException.__str__


class PolicyCompareWarning(_OneLine, UserWarning):
    """Input that was read, but not all of it or not as the user may expect, worded as one line that names the file.

    The command line prints it as ``policycompare: warning: …``; in Python,
    ``warnings.simplefilter("error", PolicyCompareWarning)`` turns it into an
    error. Its parameters are those of :class:`PolicyCompareError`.

    Examples
    --------
    >>> str(PolicyCompareWarning("skipped plan.pdf", path="plans"))
    'plans: skipped plan.pdf'
    """


def warn(message, *, path=None, stacklevel=3):
    """Issue a :class:`PolicyCompareWarning` (by default attributed to the caller's caller)."""
    warnings.warn(PolicyCompareWarning(message, path=path), stacklevel=stacklevel)


@contextlib.contextmanager
def kept_warnings(*, once=False):
    """Record the warnings of a block, issue them to the caller after it, and keep the package's messages.

    A block that raises issues none: its error is the one line said of it.
    With ``once``, each :class:`PolicyCompareWarning` message is issued once,
    as it is kept, however often the block issued it (a report warns of a
    plan without terms for its keywords and for its similarity alike).

    Yields a list that, once the block has ended, holds the message of each
    :class:`PolicyCompareWarning` it issued, each once and in order, for a
    result to carry (a draft check's summary, a stored report). Inside the
    block, its ``so_far()`` gives the messages issued until then (for a page
    written before the block ends).

    Examples
    --------
    >>> with warnings.catch_warnings(record=True) as shown:
    ...     warnings.simplefilter("always")
    ...     with kept_warnings() as kept:
    ...         warn("skipped plan.pdf", path="plans")
    ...         warn("skipped plan.pdf", path="plans")
    >>> kept, len(shown)
    (['plans: skipped plan.pdf'], 2)
    >>> with warnings.catch_warnings(record=True) as shown:
    ...     warnings.simplefilter("always")
    ...     with kept_warnings(once=True):
    ...         warn("short has no term to count")
    ...         warn("short has no term to count")
    >>> [str(w.message) for w in shown]
    ['short has no term to count']
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PolicyCompareWarning)
        kept = _Kept(caught)
        yield kept
    issued = set()
    for caught_warning in caught:
        if once and issubclass(caught_warning.category, PolicyCompareWarning):
            if str(caught_warning.message) in issued:
                continue
            issued.add(str(caught_warning.message))
        warnings.warn_explicit(caught_warning.message, caught_warning.category, caught_warning.filename, caught_warning.lineno)
    kept.extend(kept.so_far())


def reissue(messages, *, stacklevel=1):
    """Issue again the messages :func:`kept_warnings` kept, for a result read back from the cache.

    ``stacklevel`` counts from the caller, as for :func:`warnings.warn`: 1
    attributes each warning to the line that calls this function.

    Examples
    --------
    >>> with warnings.catch_warnings(record=True) as shown:
    ...     warnings.simplefilter("always")
    ...     reissue(["plans: skipped plan.pdf"])
    >>> [str(w.message) for w in shown]
    ['plans: skipped plan.pdf']
    """
    for message in messages:
        warnings.warn(PolicyCompareWarning(message), stacklevel=stacklevel + 1)


class _Kept(list):
    """The list :func:`kept_warnings` yields, which also reads the warnings caught so far."""

    def __init__(self, caught):
        super().__init__()
        self._caught = caught

    def so_far(self):
        """The messages of the package's warnings issued so far in the block, each once, in order."""
        return list(dict.fromkeys(message for message, _ in self.placed()))

    def placed(self):
        """``(message, path)`` of the package's warnings issued so far, each once, in order: the file or folder each is about."""
        return list(dict.fromkeys((str(w.message), w.message.path) for w in self._caught if issubclass(w.category, PolicyCompareWarning)))
