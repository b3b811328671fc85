"""Tests of policycompare.workers: the n_jobs option and pools that share one value or one preparation."""

import multiprocessing
import os

import pytest

from policycompare.errors import PolicyCompareError
from policycompare.workers import map_shared, map_threads, resolve_jobs, start_forked, start_prepared

needs_fork = pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="prepared workers need the fork start method")

# Set by _prepare in the process that prepares; the workers forked from it inherit it.
PREPARED = {}


def _prepare():
    PREPARED["pid"] = os.getpid()


def _failing_prepare():
    raise OSError("no dictionary")


def _read_prepared(shared, number):
    return shared * number, PREPARED.get("pid")


def _divide(shared, number):
    return shared / number


def test_resolve_jobs_refuses_zero_and_bools_as_an_input_error():
    assert resolve_jobs(3) == 3
    for bad in (0, -2, True, 1.5, "2"):
        # An input error, caught with the library's others, and still a ValueError.
        with pytest.raises(PolicyCompareError, match="n_jobs must be a positive integer or -1"):
            resolve_jobs(bad)


def test_map_shared_gives_results_in_task_order_in_processes():
    assert map_shared(_divide, [(n,) for n in range(1, 9)], 840, 2) == [840 / n for n in range(1, 9)]


def test_map_threads_gives_results_in_task_order():
    import threading

    names = set()
    # Each task waits for a second one: the tasks can only finish when two run at once.
    together = threading.Barrier(2, timeout=10)

    def divide(dividend, divisor):
        names.add(threading.current_thread().name)
        together.wait()
        return dividend / divisor

    assert map_threads(divide, [(840, n) for n in range(1, 9)], 2) == [840 / n for n in range(1, 9)]
    assert len(names) == 2 and threading.current_thread().name not in names
    together = threading.Barrier(1)
    assert map_threads(divide, [(6, 3)], 2) == [2.0]
    assert map_threads(divide, [], 2) == []


def test_map_threads_raises_a_task_error_here():
    with pytest.raises(ZeroDivisionError):
        map_threads(lambda n: 1 / n, [(1,), (0,), (2,)], 2)


def _pid_times(number):
    return os.getpid(), number * 2


def _die_unless_in(pid):
    if os.getpid() != pid:
        os._exit(3)
    return "done here"


@needs_fork
def test_start_forked_runs_in_a_child_and_returns_its_result():
    pid, doubled = start_forked(_pid_times, 21)()
    assert doubled == 42 and pid != os.getpid()


@needs_fork
def test_start_forked_raises_the_child_error_here():
    finish = start_forked(_divide, 1, 0)
    with pytest.raises(ZeroDivisionError):
        finish()


@needs_fork
def test_start_forked_does_the_work_here_when_the_child_died():
    assert start_forked(_die_unless_in, os.getpid())() == "done here"


def test_start_prepared_is_none_for_one_process():
    assert start_prepared(_prepare, 1) is None


@needs_fork
def test_prepared_workers_inherit_what_the_first_process_prepared():
    PREPARED.clear()
    prepared = start_prepared(_prepare, 2)
    finish = prepared.start_shared(_read_prepared, [(n,) for n in range(6)], 10, chunksize=2)
    results = finish()
    assert [value for value, _ in results] == [0, 10, 20, 30, 40, 50]
    # Every worker saw the value prepared once in the first process, which is not this one.
    pids = {pid for _, pid in results}
    assert pids == {prepared.process.pid}
    assert "pid" not in PREPARED
    assert not prepared.process.is_alive()


@needs_fork
def test_prepared_workers_raise_a_task_error_here():
    prepared = start_prepared(_prepare, 2)
    finish = prepared.start_shared(_divide, [(1,), (0,), (2,)], 6)
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        finish()
    assert not prepared.process.is_alive()


@needs_fork
def test_a_failed_preparation_leaves_the_tasks_to_the_workers():
    prepared = start_prepared(_failing_prepare, 2)
    assert prepared.start_shared(_divide, [(1,), (4,)], 8)() == [8.0, 2.0]


@needs_fork
def test_unused_prepared_workers_are_stopped_on_close():
    prepared = start_prepared(_prepare, 2)
    prepared.close()
    assert not prepared.process.is_alive()
    prepared.close()  # harmless again


@needs_fork
def test_work_is_done_here_when_the_first_process_died():
    prepared = start_prepared(_prepare, 2)
    prepared.process.kill()
    prepared.process.join()
    assert prepared.start_shared(_divide, [(1,), (4,)], 8)() == [8.0, 2.0]


def _sleep(shared, seconds):
    import time

    time.sleep(seconds)
    return os.getpid()


@needs_fork
def test_closing_during_a_batch_stops_the_workers_forked_for_it():
    import time

    prepared = start_prepared(_prepare, 2)
    prepared.start_shared(_sleep, [(30,), (30,)], None)
    # Wait until the workers exist: the group then holds more than the first process.
    group = prepared.process.pid
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(_members(group)) < 3:
        time.sleep(0.05)
    assert len(_members(group)) >= 3
    prepared.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _members(group):
        time.sleep(0.05)
    assert _members(group) == []


def _members(group):
    """Live processes of a process group (zombies excluded), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                found.append(int(entry))
    return found
