"""Worker processes shared by the pipeline's steps: the ``n_jobs`` option and pools that share one large value.

Tokenization, the candidate search and cosines of the alignment, and the
figures of a report can each run in several processes. This module checks
their common ``n_jobs`` option and runs tasks that all read one large value
(the vectors, the candidate index) without sending it with every task.
"""

import os


def resolve_jobs(n_jobs):
    """The number of processes ``n_jobs`` asks for: itself, or every CPU for ``-1``.

    Raises
    ------
    ValueError
        Unless ``n_jobs`` is a positive integer or -1.

    Examples
    --------
    >>> resolve_jobs(2)
    2
    >>> resolve_jobs(-1) == (os.cpu_count() or 1)
    True
    """
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs must be a positive integer or -1; got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


# The value every task of a map_shared pool shares, set once in each worker process.
_SHARED = None


def _share(shared):
    global _SHARED
    _SHARED = shared


def _run_shared(item):
    function, task = item
    return function(_SHARED, *task)


def start_shared(function, tasks, shared, n_jobs, *, chunksize=1):
    """Start ``[function(shared, *task) for task in tasks]``; returns a function that waits for the results.

    With ``n_jobs`` > 1 and several tasks the tasks go to that many worker
    processes at once, ``chunksize`` to a message, so the caller can do other
    work while they run; otherwise they run in this process when the returned
    function is called. ``shared`` goes to each worker once, when it starts;
    under the ``fork`` start method it is not even copied. ``function`` must
    be defined at module level, so that workers can find it. Results come back
    in task order.
    """
    tasks = list(tasks)
    if n_jobs <= 1 or len(tasks) <= 1:
        return lambda: [function(shared, *task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=min(n_jobs, len(tasks)), initializer=_share, initargs=(shared,))
    try:
        results = pool.map(_run_shared, [(function, task) for task in tasks], chunksize=chunksize)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise

    def finish():
        try:
            return list(results)
        finally:
            pool.shutdown(cancel_futures=True)

    return finish


def map_shared(function, tasks, shared, n_jobs, *, chunksize=1):
    """:func:`start_shared`, waited for.

    Examples
    --------
    >>> map_shared(pow, [(2,), (3,)], 10, n_jobs=1)
    [100, 1000]
    """
    return start_shared(function, tasks, shared, n_jobs, chunksize=chunksize)()
