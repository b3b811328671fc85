"""Tests of policycompare.workers: the n_jobs option and pools that share one value or one preparation."""

import multiprocessing
import os

import pytest

from policycompare.workers import map_shared, resolve_jobs, start_prepared

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


def test_resolve_jobs_refuses_zero_and_bools():
    assert resolve_jobs(3) == 3
    for bad in (0, -2, True, 1.5, "2"):
        with pytest.raises(ValueError, match="n_jobs must be a positive integer or -1"):
            resolve_jobs(bad)


def test_map_shared_gives_results_in_task_order_in_processes():
    assert map_shared(_divide, [(n,) for n in range(1, 9)], 840, 2) == [840 / n for n in range(1, 9)]


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
