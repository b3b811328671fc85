"""Worker processes shared by the pipeline's steps: the ``n_jobs`` option and pools that share one large value.

Tokenization and the figures of a report can each run in several processes,
the candidate search and cosines of the alignment in several threads. This
module checks their common ``n_jobs`` option, runs tasks that all read one
large value (a tokenizer) without sending it with every task, and runs tasks
in threads.
"""

import contextlib
import os

from .errors import PolicyCompareError


def resolve_jobs(n_jobs):
    """The number of processes ``n_jobs`` asks for: itself, or every CPU for ``-1``.

    Raises
    ------
    PolicyCompareError
        Unless ``n_jobs`` is a positive integer or -1 (an input error, and a
        ValueError).

    Examples
    --------
    >>> resolve_jobs(2)
    2
    >>> resolve_jobs(-1) == (os.cpu_count() or 1)
    True
    """
    if not isinstance(n_jobs, int) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise PolicyCompareError(f"n_jobs must be a positive integer or -1; got {n_jobs!r}")
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


def map_threads(function, tasks, n_jobs):
    """``[function(*task) for task in tasks]`` in ``n_jobs`` threads of this process; results in task order.

    For tasks whose time goes to NumPy and SciPy calls that release the
    interpreter lock (sparse products, sorts, gathers): threads share the
    arrays as they are, where worker processes would each start, fault in
    their own pages of a large parent and send their results back. A task
    that holds the lock (a Python loop) gains nothing from it.

    Examples
    --------
    >>> map_threads(pow, [(2, 3), (3, 2)], n_jobs=2)
    [8, 9]
    """
    tasks = list(tasks)
    if n_jobs <= 1 or len(tasks) <= 1:
        return [function(*task) for task in tasks]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(n_jobs, len(tasks))) as pool:
        return list(pool.map(lambda task: function(*task), tasks))


def start_forked(function, *args):
    """Start ``function(*args)`` in a process forked from this one; returns a function that waits for its result.

    The child inherits ``args`` instead of receiving them, and sends back
    only the result. Without the ``fork`` start method, or if the child dies,
    the call runs in this process when the returned function is called; an
    error in the child is raised there. Fork before starting threads: a child
    forked while another thread holds a lock may wait for it forever.

    Examples
    --------
    >>> start_forked(pow, 2, 10)()
    1024
    """
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return lambda: function(*args)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_send_result, args=(sending, function, args), daemon=True)
    try:
        process.start()
    except AssertionError:  # this process is a daemon (a pool's worker), and may not have children
        receiving.close()
        sending.close()
        return lambda: function(*args)
    sending.close()

    def finish():
        try:
            kind, value = receiving.recv()
        except (EOFError, OSError):
            kind, value = "died", None  # killed, out of memory: do the work here
        finally:
            receiving.close()
            process.join()
        if kind == "error":
            raise value
        return value if kind == "done" else function(*args)

    return finish


def _send_result(sending, function, args):
    """Run ``function(*args)`` and send its outcome, ("done", result) or ("error", exception), down ``sending``.

    What the forked child of :func:`start_forked` and the first process of
    :func:`start_prepared` do with their work.
    """
    try:
        outcome = ("done", function(*args))
    except BaseException as error:
        outcome = ("error", error)
    try:
        sending.send(outcome)
    except (BrokenPipeError, EOFError):
        return  # the caller is gone
    except Exception as error:  # a result or error that cannot be pickled
        sending.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}; {error}")))


def _serve_prepared(prepare, n_jobs, requests, request_end, results):
    """The first worker process: prepare once, then run one batch of tasks in workers forked from here."""
    # A process group of its own, so that stopping it stops the workers it forked too.
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    # Without this process's copy of the sending end, a caller that dies leaves it an end of file, not a wait.
    request_end.close()
    try:
        prepare()
    except Exception:
        # The workers prepare again when they need it, and raise the error where its task can name it.
        pass
    try:
        function, tasks, shared, chunksize = requests.recv()
    except (EOFError, OSError):
        return
    _send_result(results, lambda: map_shared(function, tasks, shared, n_jobs, chunksize=chunksize), ())


class PreparedWorkers:
    """Worker processes forked from one process that did a slow preparation first, while this one goes on.

    :func:`start_prepared` makes one. Its workers then skip the preparation
    (loading a dictionary, say): they inherit its result. Serves one batch.
    """

    def __init__(self, process, requests, results):
        self.process = process
        self.requests = requests
        self.results = results
        self.done = False

    def start_shared(self, function, tasks, shared, *, chunksize=1):
        """:func:`start_shared` in the prepared processes; the returned function waits for the results."""
        import threading

        tasks = list(tasks)
        # Sent from a thread: the first process reads only once prepared, and a large batch fills the pipe.
        sending = threading.Thread(target=self._send, args=((function, tasks, shared, chunksize),), daemon=True)
        sending.start()

        def finish():
            try:
                kind, value = self.results.recv()
            except (EOFError, OSError):
                # The first process died (killed, out of memory): do the work the usual way.
                kind, value = "died", None
            sending.join()
            self.done = True
            self.close()
            if kind == "error":
                raise value
            return value if kind == "done" else map_shared(function, tasks, shared, 1, chunksize=chunksize)

        return finish

    def _send(self, request):
        try:
            self.requests.send(request)
        except OSError:
            pass  # the first process died; finish does the work here

    def close(self):
        """Stop the first process and its workers, at once unless its batch is done; harmless when called again."""
        if self.process.is_alive() and not self.done:
            import signal

            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                self.process.terminate()
        self.process.join()
        self.requests.close()
        self.results.close()


def start_prepared(prepare, n_jobs):
    """Start a process that runs ``prepare()`` and then forks ``n_jobs`` workers for one batch; None where that cannot help.

    Worker processes started the usual way each prepare what they need
    themselves, after the caller hands them work. This one prepares at once,
    while the caller goes on (parsing the plans, say), and only once. It needs
    the ``fork`` start method, under which workers inherit what was prepared;
    with another start method, or ``n_jobs`` ≤ 1, the result is None.
    """
    import multiprocessing

    if n_jobs <= 1 or multiprocessing.get_start_method(allow_none=False) != "fork":
        return None
    context = multiprocessing.get_context("fork")
    requests, request_end = context.Pipe(duplex=False)
    results, results_end = context.Pipe(duplex=False)
    process = context.Process(target=_serve_prepared, args=(prepare, n_jobs, requests, request_end, results_end), daemon=False)
    process.start()
    with contextlib.suppress(OSError):
        os.setpgid(process.pid, process.pid)  # also here, so that close finds the group whichever runs first
    requests.close()
    results_end.close()
    return PreparedWorkers(process, request_end, results)
