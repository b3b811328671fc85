import os
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import policycompare as pc
from policycompare import cache
from policycompare.cache import cache_root, clear_tables, hash_parts, load_table, store_table


def test_cache_root_follows_the_setting_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path / "env"))
    assert cache_root() == tmp_path / "env"
    assert cache_root(True) == tmp_path / "env"
    assert cache_root(tmp_path / "given") == tmp_path / "given"
    assert cache_root(False) is None
    monkeypatch.setenv("POLICYCOMPARE_CACHE", "Off")
    assert cache_root() is None
    monkeypatch.delenv("POLICYCOMPARE_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "policycompare"


def test_keys_differ_with_any_part_and_with_the_code(monkeypatch):
    key = hash_parts(["huaxi", "文本"], {"top_k": 5})
    assert len(key) == 64 and key == hash_parts(["huaxi", "文本"], {"top_k": 5})
    assert key != hash_parts(["huaxi", "文本。"], {"top_k": 5})
    assert key != hash_parts(["huaxi", "文本"], {"top_k": None})
    assert key != hash_parts(["huaxi"], "文本", {"top_k": 5})  # parts are not concatenated
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: "another release")
    assert key != hash_parts(["huaxi", "文本"], {"top_k": 5})


def test_a_stored_table_comes_back_equal_and_only_under_its_key(tmp_path):
    table = pd.DataFrame({"doc_a": ["huaxi"], "score": [0.5]})
    store_table("alignment", "k1", table, cache=tmp_path)
    pd.testing.assert_frame_equal(load_table("alignment", "k1", cache=tmp_path), table)
    assert load_table("alignment", "k2", cache=tmp_path) is None
    assert load_table("instruments", "k1", cache=tmp_path) is None
    assert [p.name for p in (tmp_path / "tables" / "alignment").iterdir()] == ["k1.pickle"]  # no temporary file left


def test_an_entry_under_a_wrong_name_is_not_read(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    folder = tmp_path / "tables" / "alignment"
    (folder / "k1.pickle").rename(folder / "k2.pickle")
    assert load_table("alignment", "k2", cache=tmp_path) is None


@pytest.mark.parametrize("content", [b"", b"\x80\x04not a pickle", b"\x80\x04\x95\x05\x00"])
def test_unreadable_entries_are_misses(tmp_path, content):
    folder = tmp_path / "tables" / "alignment"
    folder.mkdir(parents=True)
    (folder / "k1.pickle").write_bytes(content)
    assert load_table("alignment", "k1", cache=tmp_path) is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=blocker)
    assert load_table("alignment", "k1", cache=blocker) is None


def test_turned_off_cache_stores_nothing(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=False)
    assert load_table("alignment", "k1", cache=False) is None


def test_clearing_removes_tables_and_tokens_and_counts_them(tmp_path):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    store_table("alignment", "k2", pd.DataFrame({"a": [2]}), cache=tmp_path)
    pc.Tokenizer(cache=tmp_path).tokenize("推进集团化办学")
    assert pc.clear_cache(cache=tmp_path) == 3
    assert not (tmp_path / "tables").exists() and not (tmp_path / "tokens").exists()
    assert clear_tables(cache=tmp_path) == 0


def _graph(name="花溪区", weight=2, node_type=None, *, copies=False):
    """A small graph; with ``copies`` its edge names its nodes with other str objects, as a graph read back from a file does."""
    import networkx as nx

    teacher, training = ("".join(["教", "师"]), "".join(["培", "训"])) if copies else ("教师", "培训")
    G = nx.Graph(name="".join(name), window=5)
    G.add_node(teacher, count=3)
    G.add_node(training, count=2 if node_type is None else node_type(2))
    G.add_edge("培训", "教师", weight=weight, npmi=0.5)
    return G


def test_a_graph_is_digested_by_its_data_whatever_objects_hold_it():
    import networkx as nx

    from policycompare.cache import digest_content

    G = _graph()
    # Built from other str objects, equal data: the same digest (a pickle, which refers to a str met before, differs).
    assert digest_content(G) == digest_content(_graph(name=["花溪", "区"], copies=True))
    assert digest_content(G) == digest_content(nx.Graph(G))
    for other in (_graph(weight=3), _graph(weight=2.0), _graph(node_type=float), _graph(node_type=str), _graph(name="银川市"),
                  nx.DiGraph(G), nx.Graph(G.subgraph(["教师"]))):
        assert digest_content(G) != digest_content(other)
    H = _graph()
    H.nodes["教师"]["count"] = True
    assert digest_content(G) != digest_content(H)
    H = _graph()
    H.edges["教师", "培训"]["npmi"] = 0.25
    assert digest_content(G) != digest_content(H)
    H = _graph()
    H.graph["window"] = 6
    assert digest_content(G) != digest_content(H)
    H = nx.Graph(**G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(G.edges(data=True))
    assert digest_content(G) != digest_content(H)  # the nodes' order is the file's


# -- the size bound --------------------------------------------------------------------------------

def _stored(root):
    """{kind/key: size} of the entries stored under ``root``."""
    return {f"{path.parent.name}/{path.stem}": path.stat().st_size for path in sorted((root / "tables").glob("*/*.pickle"))}


def _last_used(root, ages, kind="alignment"):
    """Make each entry of ``ages`` ({key: seconds}) last used that many seconds ago."""
    for key, seconds in ages.items():
        when = time.time() - seconds
        os.utime(root / "tables" / kind / f"{key}.pickle", (when, when))


def _store_four(root, monkeypatch):
    """Entries a, b, c, d of one size, used from a (longest ago) to d; the bound then set to hold four and a fifth not.

    After the fifth store two must go: 4.2 sizes hold four, not five, and
    what is left must fit 90% of the bound (3.78 sizes), which three do.
    """
    for key in "abcd":
        store_table("alignment", key, bytes(1000), cache=root)
    _last_used(root, {"a": 40, "b": 30, "c": 20, "d": 10})
    size = _stored(root)["alignment/a"]
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", f"{int(4.2 * size)}B")
    return size


def test_the_stored_tables_stay_within_the_bound(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "10KB")
    for i in range(40):
        store_table("figures", f"k{i:02d}", bytes(1000), cache=tmp_path)
        stored = _stored(tmp_path)
        assert sum(stored.values()) <= 10_000 and f"figures/k{i:02d}" in stored
    assert len(stored) >= 8  # removed down to 90% of the bound (9,000 bytes), not to nothing



@pytest.mark.parametrize("failure", ["no locks on the file system", "no locking module", "lock held too long"])
def test_the_bound_holds_without_the_lock_and_the_total_is_counted_again(tmp_path, monkeypatch, failure):
    import errno

    import policycompare.cache as cache

    if failure == "no locks on the file system":  # NFS without its lock daemon
        monkeypatch.setattr(cache, "_lock", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOLCK, "No locks available")))
    elif failure == "no locking module":  # WebAssembly: neither fcntl nor msvcrt
        monkeypatch.setattr(cache, "fcntl", None)
        monkeypatch.setitem(sys.modules, "msvcrt", None)
    else:
        monkeypatch.setattr(cache, "_lock", lambda fd: False)
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "10KB")
    for i in range(40):
        store_table("figures", f"k{i:02d}", bytes(1000), cache=tmp_path)
        assert sum(_stored(tmp_path).values()) <= 10_000
    # Locked again, the next store counts the folder instead of trusting a total that missed the stores without the lock.
    monkeypatch.undo()
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "10KB")
    store_table("figures", "after", bytes(1000), cache=tmp_path)
    total = int((tmp_path / "tables" / "usage").read_text().split()[0])
    assert total == sum(_stored(tmp_path).values()) and not (tmp_path / "tables" / "uncounted").exists()

def test_the_least_recently_used_entries_go_first(tmp_path, monkeypatch):
    _store_four(tmp_path, monkeypatch)
    _last_used(tmp_path, {"c": 50, "a": 45})  # c, then a, are the oldest now, whatever the order of storing
    store_table("alignment", "e", bytes(1000), cache=tmp_path)
    assert sorted(_stored(tmp_path)) == ["alignment/b", "alignment/d", "alignment/e"]


def test_a_loaded_entry_counts_as_used(tmp_path, monkeypatch):
    _store_four(tmp_path, monkeypatch)
    assert load_table("alignment", "a", cache=tmp_path) == bytes(1000)
    store_table("alignment", "e", bytes(1000), cache=tmp_path)
    assert sorted(_stored(tmp_path)) == ["alignment/a", "alignment/d", "alignment/e"]


def test_entries_stored_before_the_bound_existed_are_counted(tmp_path, monkeypatch):
    _store_four(tmp_path, monkeypatch)
    (tmp_path / "tables" / "usage").unlink()  # a cache filled by an earlier version: no running total
    store_table("alignment", "e", bytes(1000), cache=tmp_path)
    assert sorted(_stored(tmp_path)) == ["alignment/c", "alignment/d", "alignment/e"]


def test_a_store_does_not_list_the_folder_while_under_the_bound(tmp_path, monkeypatch):
    listings = []
    scan = cache._scan_entries
    monkeypatch.setattr(cache, "_scan_entries", lambda folder: listings.append(folder) or scan(folder))
    for i in range(30):
        store_table("figures", f"k{i}", bytes(100), cache=tmp_path)
    assert len(listings) == 1  # the first store, which found no running total
    assert (tmp_path / "tables" / "usage").read_text() == f"{sum(_stored(tmp_path).values())} 29\n"


def test_an_entry_larger_than_the_bound_is_not_stored_and_removes_nothing(tmp_path, monkeypatch):
    store_table("alignment", "small", bytes(10), cache=tmp_path)
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "1KB")
    store_table("alignment", "large", bytes(2000), cache=tmp_path)
    assert list(_stored(tmp_path)) == ["alignment/small"]
    assert [p.name for p in (tmp_path / "tables" / "alignment").iterdir()] == ["small.pickle"]  # no temporary file left


@pytest.mark.parametrize("setting", ["0", "off", "Off", "0GB"])
def test_a_bound_of_0_stores_no_tables_and_still_reads_those_stored(tmp_path, monkeypatch, setting):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", setting)
    store_table("alignment", "k2", pd.DataFrame({"a": [2]}), cache=tmp_path)
    assert list(_stored(tmp_path)) == ["alignment/k1"]
    assert load_table("alignment", "k1", cache=tmp_path)["a"].tolist() == [1]


@pytest.mark.parametrize(("setting", "size"), [
    ("500MB", 500 * 10**6), ("2GB", 2 * 10**9), ("2g", 2 * 10**9), (" 1.5 GiB ", 1536 * 2**20), ("64KiB", 65536),
    ("64ki", 65536), ("4096B", 4096), ("1TB", 10**12), (".5kb", 500), ("2.5B", 2), ("0", 0), ("0MB", 0), ("OFF", 0),
    ("", 2 * 10**9), ("  ", 2 * 10**9),
])
def test_the_size_setting_is_read_with_its_unit(monkeypatch, setting, size):
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", setting)
    assert cache.get_cache_size_limit() == size


def test_without_a_size_setting_the_bound_is_2_gb(monkeypatch):
    monkeypatch.delenv("POLICYCOMPARE_CACHE_SIZE", raising=False)
    assert cache.get_cache_size_limit() == 2 * 10**9


@pytest.mark.parametrize("setting", ["2", "2 gigs", "-1GB", "1e9", "GB", "2PB", "none", "unlimited", "1iB", "2,5GB", "2 G B"])
def test_a_wrong_size_setting_is_refused_naming_the_variable(tmp_path, monkeypatch, setting):
    import re

    from policycompare.errors import PolicyCompareError

    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", setting)
    message = re.escape(f"POLICYCOMPARE_CACHE_SIZE={setting!r} is not a size; expected a number with a unit (500MB, 2GB, 1.5GiB), "
                        "or 0 or off to store nothing")
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        cache.get_cache_size_limit()
    # Said at the first read, before the work, and by a store rather than skipped as an unwritable cache is.
    with pytest.raises(PolicyCompareError, match=message):
        load_table("alignment", "k1", cache=tmp_path)
    with pytest.raises(PolicyCompareError, match=message):
        store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    assert not (tmp_path / "tables").exists()


_UNITS = {"B": 1, "KB": 10**3, "K": 10**3, "MB": 10**6, "M": 10**6, "GB": 10**9, "G": 10**9, "TB": 10**12,
          "KiB": 2**10, "Ki": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


@given(number=st.integers(0, 10**6), unit=st.sampled_from(sorted(_UNITS)), lower=st.booleans(),
       spaces=st.tuples(st.sampled_from(["", " ", "\t"]), st.sampled_from(["", " "]), st.sampled_from(["", " "])))
def test_any_whole_number_with_a_unit_is_that_many_bytes(number, unit, lower, spaces):
    text = f"{spaces[0]}{number}{spaces[1]}{unit.lower() if lower else unit}{spaces[2]}"
    assert cache.parse_cache_size(text) == number * _UNITS[unit]


def test_the_bound_never_removes_what_is_not_an_entry_of_the_cache(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.pickle").write_bytes(bytes(5000))
    root = tmp_path / "cache"
    store_table("alignment", "k", bytes(1000), cache=root)
    folder = root / "tables" / "alignment"
    try:
        (folder / "link.pickle").symlink_to(outside / "keep.pickle")
        (root / "tables" / "linked").symlink_to(outside, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links cannot be made here")
    (folder / "notes.txt").write_bytes(bytes(5000))
    (folder / "fresh.pickle.part").write_bytes(bytes(5000))  # not a temporary file of the cache: no leading dot
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "5KB")
    for i in range(20):
        store_table("alignment", f"k{i}", bytes(1000), cache=root)
    assert sum(size for name, size in _stored(root).items() if name not in {"alignment/link", "linked/keep"}) <= 5000
    assert (outside / "keep.pickle").stat().st_size == 5000 and (folder / "link.pickle").is_symlink()
    assert (root / "tables" / "linked").is_symlink() and (folder / "notes.txt").exists() and (folder / "fresh.pickle.part").exists()


def test_a_killed_writers_temporary_file_is_removed_and_a_live_ones_kept(tmp_path, monkeypatch):
    folder = tmp_path / "tables" / "alignment"
    folder.mkdir(parents=True)
    killed, writing = folder / ".a.pickle.x1.part", folder / ".b.pickle.x2.part"
    killed.write_bytes(bytes(3000))
    writing.write_bytes(bytes(3000))
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "3KB")
    store_table("alignment", "k", bytes(1000), cache=tmp_path)  # the first store lists the folder: killed + k pass 3 KB
    assert not killed.exists() and writing.exists()
    assert list(_stored(tmp_path)) == ["alignment/k"]


# -- the token file in the same bound ---------------------------------------------------------------

def test_the_token_file_is_the_one_the_tokens_write():
    from policycompare import tokens

    assert cache._TOKEN_FILE == Path("tokens", tokens._SPANS_FILE)


@pytest.mark.parametrize(("token_file", "room"), [(0, 40_000), (8_000, 32_000), (12_000, 28_000), (30_000, 27_500)])
def test_the_tables_take_what_the_token_file_leaves_of_the_bound(tmp_path, monkeypatch, token_file, room):
    # A token file of 8 KB leaves 32 KB of 40; one of 12 KB, over its share of 10 KB with free pages not yet given back
    # (it is compacted at 12.5 KB), leaves 28 KB, so that the two are within the bound; one of 30 KB (written before
    # the bound) is counted as the most it may take, 12.5 KB.
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "40KB")
    assert cache.get_token_cache_limit() == 10_000
    if token_file:
        (tmp_path / "tokens").mkdir()
        (tmp_path / "tokens" / "spans.sqlite3").write_bytes(bytes(token_file))
    for i in range(60):
        store_table("figures", f"k{i:02d}", bytes(1000), cache=tmp_path)
        assert sum(_stored(tmp_path).values()) <= room
    assert sum(_stored(tmp_path).values()) > 0.85 * room


def test_tokens_and_tables_together_stay_within_the_bound(tmp_path, monkeypatch):
    # Each store of a table counts the token file as it is then: after it, the two together are within the bound.
    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "240KB")
    tokenizer = pc.Tokenizer(cache=tmp_path)
    for k in range(40):
        pc.tokenize_many([f"第{k}批第{j}项：推进集团化办学，落实课后服务。" for j in range(25)], tokenizer=tokenizer)
        store_table("figures", f"k{k:02d}", bytes(5000), cache=tmp_path)
        token_file = (tmp_path / "tokens" / "spans.sqlite3").stat().st_size
        assert token_file <= 60_000 * 1.25
        assert sum(_stored(tmp_path).values()) + token_file <= 240_000


# -- two processes at once --------------------------------------------------------------------------

def test_an_entry_removed_by_another_process_after_it_was_read_is_not_brought_back(tmp_path, monkeypatch):
    import pickle
    import types

    if os.name == "nt":
        pytest.skip("Windows does not remove a file that is open")
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    path = tmp_path / "tables" / "alignment" / "k1.pickle"

    def load_then_removed(handle):
        table = pickle.load(handle)
        path.unlink()  # another process's eviction, between the read and marking the entry used
        return table

    monkeypatch.setattr(cache, "pickle", types.SimpleNamespace(load=load_then_removed))
    assert load_table("alignment", "k1", cache=tmp_path)["a"].tolist() == [1]
    assert not path.exists()  # marking it used did not create it again, empty


def test_an_entry_removed_between_being_found_and_read_is_a_miss(tmp_path, monkeypatch):
    store_table("alignment", "k1", pd.DataFrame({"a": [1]}), cache=tmp_path)
    path = tmp_path / "tables" / "alignment" / "k1.pickle"
    real_open = open

    def removed_then_open(file, *args, **kwargs):
        if Path(file) == path:
            path.unlink()  # another process's eviction, after the entry was found
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(cache, "open", removed_then_open, raising=False)
    assert path.exists()
    assert load_table("alignment", "k1", cache=tmp_path) is None
    assert not path.exists()


def test_an_entry_another_process_removed_after_the_listing_is_no_error(tmp_path, monkeypatch):
    size = _store_four(tmp_path, monkeypatch)
    scan = cache._scan_entries

    def listed_then_removed(folder):
        entries = scan(folder)
        os.unlink(entries[0][1])  # the oldest (a), removed by another process's eviction before this one removes it
        return entries

    monkeypatch.setattr(cache, "_scan_entries", listed_then_removed)
    store_table("alignment", "e", bytes(1000), cache=tmp_path)
    assert sorted(_stored(tmp_path)) == ["alignment/c", "alignment/d", "alignment/e"]
    assert (tmp_path / "tables" / "usage").read_text() == f"{3 * size} 0\n"
    assert load_table("alignment", "a", cache=tmp_path) is None


def _store_and_load(root, me, other, count):
    """Store ``count`` entries and read the other process's; the reads that gave something other than a miss or its entry."""
    wrong = []
    for i in range(count):
        store_table("figures", f"{me}{i}", (me, i, bytes(2000)), cache=root)
        for j in range(max(0, i - 5), i + 1):
            got = load_table("figures", f"{other}{j}", cache=root)
            if got is not None and got != (other, j, bytes(2000)):
                wrong.append((j, got))
    return wrong


def test_two_processes_storing_and_reading_at_once_keep_the_bound(tmp_path, monkeypatch):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setenv("POLICYCOMPARE_CACHE_SIZE", "20KB")
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context(method)) as pool:
        runs = [pool.submit(_store_and_load, tmp_path, me, other, 60) for me, other in (("a", "b"), ("b", "a"))]
        assert [run.result() for run in runs] == [[], []]  # neither raised; every read was a miss or the right entry
    stored = _stored(tmp_path)
    assert 16_000 <= sum(stored.values()) <= 20_000  # between 80% and the bound: removed down to 90%, then stored again
    # The running total counts every entry there is (it may count more, never less).
    assert int((tmp_path / "tables" / "usage").read_text().split()[0]) >= sum(stored.values())
