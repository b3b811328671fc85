import errno
import html
import os
import re
import signal
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pandas as pd
import pytest

from policycompare.cli import build_parser, format_reference, main
from policycompare.errors import PolicyCompareError

DOCS = Path(__file__).resolve().parents[1] / "docs"


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_every_subcommand_has_help_and_is_documented():
    cli_docs = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name, sub in subcommands().items():
        assert sub.description, name
        assert f"## policycompare {name}" in cli_docs, f"docs/cli.md lacks {name}"
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help"


def test_documents_command_writes_csv(tmp_path, capsys):
    out = tmp_path / "docs.csv"
    assert main(["documents", "-o", str(out), "--cleaning", str(tmp_path / "clean.csv")]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert len(table) == 14 and table.loc[0, "doc_id"] == "huaxi"
    assert pd.read_csv(tmp_path / "clean.csv", encoding="utf-8-sig")["reason"].str.contains("declared correction").any()
    assert f"wrote {out} (14 rows)" in capsys.readouterr().err


def test_bad_input_gives_one_line_and_status_1(tmp_path, capsys):
    assert main(["documents", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err == f"policycompare: error: {tmp_path / 'nowhere'}: no such folder\n"


def test_binary_file_in_corpus(tmp_path, capsys):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "plan.txt").write_bytes(b"\x00\x01\x02binary")
    assert main(["documents", str(plans), "-o", str(tmp_path / "d.csv")]) == 1
    assert capsys.readouterr().err.startswith(f"policycompare: error: {plans / 'plan.txt'}: binary file")


def test_verbose_shows_traceback(tmp_path, capsys):
    assert main(["--verbose", "documents", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and err.rstrip().endswith("no such folder")


def test_unwritable_output(capsys):
    assert main(["documents", "-o", "/proc/documents.csv"]) == 1
    assert capsys.readouterr().err.startswith("policycompare: error: /proc/documents.csv: cannot write")


def test_bad_option_value_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["keywords", "-n", "0"])
    assert exit_info.value.code == 2
    assert "expected a positive whole number, got '0'" in capsys.readouterr().err


def test_python_dash_m_entry_point():
    result = subprocess.run([sys.executable, "-m", "policycompare", "--help"], capture_output=True, text=True, check=True)
    assert "Compare public-policy plans across regions." in result.stdout


def test_cli_reference_page_is_current():
    # Regenerate with: python -c "from policycompare.cli import format_reference; print(format_reference(), end='')" > docs/cli.md
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == format_reference()


def test_align_writes_ids_and_offsets_and_texts_only_on_request(tmp_path):
    plain, full = tmp_path / "a.csv", tmp_path / "b.csv"
    docs = "collection-02,collection-05"
    assert main(["align", "--docs", docs, "--one-to-one", "-o", str(plain)]) == 0
    assert main(["align", "--docs", docs, "--one-to-one", "--with-text", "-o", str(full)]) == 0
    short, long = pd.read_csv(plain, encoding="utf-8-sig"), pd.read_csv(full, encoding="utf-8-sig")
    assert {"text_a", "text_b"} & set(short.columns) == set()
    assert list(long.drop(columns=["text_a", "text_b"]).columns) == list(short.columns)
    pd.testing.assert_frame_equal(long.drop(columns=["text_a", "text_b"]), short)
    assert {"doc_a", "measure_a", "doc_b", "measure_b", "score", "start_a", "end_a"} <= set(short.columns)
    assert len(short) == 25


def test_align_top_k_caps_links_per_measure_over_all_peers(tmp_path):
    capped, per_plan = tmp_path / "capped.csv", tmp_path / "per-plan.csv"
    docs = "huaxi,yinchuan,anning"
    assert main(["align", "--docs", docs, "--top-k", "1", "-o", str(capped)]) == 0
    assert main(["align", "--docs", docs, "--per-plan", "1", "-o", str(per_plan)]) == 0
    capped, per_plan = pd.read_csv(capped, encoding="utf-8-sig"), pd.read_csv(per_plan, encoding="utf-8-sig")
    ends = lambda links: pd.concat([links["measure_a"], links["measure_b"]]).value_counts()  # noqa: E731
    assert ends(capped).max() == 1
    # One link per peer plan still lets a measure reach both of its peers.
    assert ends(per_plan).max() == 2
    assert len(capped) < len(per_plan)


def test_align_threshold_keeps_only_links_scoring_at_least_it(tmp_path):
    out = tmp_path / "a.csv"
    assert main(["align", "--docs", "huaxi,yinchuan", "--threshold", "0.9", "-o", str(out)]) == 0
    links = pd.read_csv(out, encoding="utf-8-sig")
    assert len(links) > 0 and links["score"].min() >= 0.9


def test_instruments_method_and_cut_reach_the_grouping(tmp_path):
    docs = "huaxi,yinchuan,anning,qixing"
    found = {}
    for name, options in (("average", []), ("louvain", ["--method", "louvain"]), ("loose", ["--cut", "0.1"]), ("links", ["--frames", "links"])):
        out = tmp_path / f"{name}.csv"
        assert main(["instruments", "--docs", docs, *options, "-o", str(out)]) == 0
        found[name] = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert found["average"]["n_measures"].sum() == found["louvain"]["n_measures"].sum() == found["loose"]["n_measures"].sum()
    # A lower cut merges more; Louvain on mutual best links leaves more measures alone.
    assert len(found["loose"]) < len(found["average"]) < len(found["louvain"])
    # Frame sections grouped by their links: the phases of Yinchuan's schedule no longer form one instrument with Huaxi's.
    assert len(found["links"]) == 32 and len(found["average"]) == 29
    assert found["average"].loc[found["average"]["yinchuan"].str.contains("yinchuan:A.3.1"), "frame"].tolist() == ["schedule"]
    assert found["links"].loc[found["links"]["yinchuan"] == "yinchuan:A.3.1", "status"].tolist() == ["unique"]


def test_instruments_count_the_versions_of_one_plan_once_when_asked(tmp_path):
    docs = "huaxi,collection-02,collection-05"
    found = {}
    for name, options in (("plans", ["--version-overlap", "0.5"]), ("documents", [])):
        out = tmp_path / f"{name}.csv"
        assert main(["instruments", "--docs", docs, *options, "-o", str(out)]) == 0
        found[name] = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False).set_index("instrument_id")
    plans, documents = found["plans"], found["documents"]
    assert plans.index.sort_values().tolist() == documents.index.sort_values().tolist()
    twins_only = plans[(plans["collection-02"] != "") & (plans["collection-05"] != "") & (plans["huaxi"] == "")].index
    assert len(twins_only) >= 3
    assert set(plans.loc[twins_only, "status"]) == {"unique"} and set(plans.loc[twins_only, "n_regions"]) == {1}
    assert set(documents.loc[twins_only, "status"]) == {"partial"} and set(documents.loc[twins_only, "n_regions"]) == {2}


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--cut", "1.5", "expected a number between 0 and 1, got '1.5'"),
    ("--version-overlap", "2", "expected a number between 0 and 1, got '2'"),
    ("--method", "ward", "invalid choice: 'ward'"),
    ("--frames", "sections", "invalid choice: 'sections'"),
])  # fmt: skip
def test_instruments_refuses_a_bad_method_or_cut(option, value, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["instruments", option, value, "-o", "x.csv"])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_instruments_refuses_a_cut_for_louvain_as_other_ignored_options_are(capsys, tmp_path, monkeypatch):
    # A usage error (status 2) before any work, as --level without --crosstab is; it was the library's error (status 1).
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["instruments", "--docs", "huaxi,yinchuan", "--method", "louvain", "--cut", "0.3", "-o", "x.csv"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "policycompare instruments: error: --cut applies to --method average only (louvain has no cut)"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["1", "0", "two"])
def test_graph_refuses_a_window_under_two_as_a_usage_error(value, tmp_path, capsys):
    # A window of one token holds no pair; it was an internal error (status 70) from the library's check.
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", "huaxi", "-o", str(tmp_path / "g.gexf"), "--window", value])
    assert exit_info.value.code == 2
    assert f"--window: expected a whole number, 2 or more (2: adjacent tokens), got '{value}'" in capsys.readouterr().err
    assert not (tmp_path / "g.gexf").exists()


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_align_refuses_a_threshold_outside_0_1(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["align", "--threshold", value, "-o", "x.csv"])
    assert exit_info.value.code == 2
    assert f"expected a number between 0 and 1, got '{value}'" in capsys.readouterr().err


def test_warnings_print_one_line_each_and_the_command_goes_on(tmp_path, capsys):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "a.txt").write_text("一、主要任务\n（一）加强教师队伍建设。\n", encoding="utf-8")
    (plans / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["documents", str(plans), "-o", str(tmp_path / "docs.csv")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"policycompare: warning: {plans}: skipped b.doc: .doc and .wps files are not read; save the plans as .docx, .pdf or .txt"
    assert err[1].startswith("wrote ")


def test_verbose_may_follow_the_command(tmp_path, capsys):
    assert main(["documents", str(tmp_path / "nowhere"), "--verbose"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.splitlines()[-1].endswith("nowhere: no such folder")
    assert main(["--verbose", "documents", str(tmp_path / "nowhere")]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_a_reader_that_stops_reading_is_no_error():
    # head stops after one line; the command must end quietly, not with "error: [Errno 32] Broken pipe".
    command = f"{sys.executable} -m policycompare measures -o - | head -n 1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True)
    assert done.stdout.startswith("doc_id,measure_id")
    assert done.stderr == ""
    assert done.returncode == 141


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's pipe")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_table_that_fits_in_the_pipe_is_written_whole_before_the_reader_leaves(unbuffered):
    # The documents table (about 3 KB) fits in the pipe's buffer: it is one write, in the pipe before head has read its
    # first line. Its header row used to be a write of its own, so head left after it and the rows met a closed pipe.
    command = f"{sys.executable} -m policycompare documents -o - | head -n 1"
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    for _ in range(3):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env)
        assert (done.returncode, done.stderr, done.stdout.count("\n")) == (0, "", 1)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's pipe")
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_that_stops_while_the_table_is_written_gives_141(unbuffered):
    # The measures table (about 270 KB) outgrows the pipe's buffer (64 KiB): the command waits in a write while the
    # reader sleeps, then reads one line and leaves. Unbuffered (python -u, PYTHONUNBUFFERED) standard output is the
    # raw file, whose write then takes only part of the bytes; the rest used to be dropped, with status 0.
    command = f"{sys.executable} -m policycompare measures -o - | (sleep 1; head -n 1)"
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env)
    assert done.stdout.startswith("doc_id,measure_id")
    assert done.stderr == ""
    assert done.returncode == 141


def test_an_unknown_option_shows_the_usage_of_its_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["measures", "--bogus", "-o", "x.csv"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: policycompare measures ")
    assert err.splitlines()[-1] == "policycompare measures: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize("command", ["draft", "report"])
def test_folder_commands_take_o_like_the_others(command):
    options = build_parser().parse_args([command, *(["draft.txt"] if command == "draft" else []), "-o", "out"])
    assert options.out == "out"


@pytest.mark.parametrize("argv", [["report", "-o", "-"], ["draft", "draft.txt", "-o", "-"]])
def test_an_output_folder_cannot_be_standard_output(argv, capsys):
    # '-' used to become a folder named '-'.
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "an output folder cannot be '-'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["measures", "-o", ""], ["report", "-o", " "], ["measures", "--targets", ""]])
def test_an_empty_output_name_is_refused_by_the_option(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "expected a file or folder name, got an empty one" in capsys.readouterr().err


@pytest.mark.parametrize("output", ["-", "graph.csv", ".gexf", "graphs/.graphml"])
def test_a_graph_output_without_a_graph_suffix_is_refused_by_the_option(output, capsys):
    # .gexf alone is a hidden file's name, without a suffix: write_graph refused it, an internal error (status 70).
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", "huaxi", "-o", output])
    assert exit_info.value.code == 2
    assert f"expected FILE.gexf or FILE.graphml, got {output!r}" in capsys.readouterr().err


def test_a_table_written_to_another_suffix_is_written_as_csv_with_a_warning(tmp_path, capsys):
    path = tmp_path / "documents.xlsx"
    assert main(["documents", "-o", str(path)]) == 0
    assert f"policycompare: warning: {path}: written as CSV text whatever the file's suffix; name it .csv" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8-sig").startswith("doc_id,")


def test_distinctive_names_the_plans_its_groups_leave_out(tmp_path, capsys):
    out = tmp_path / "d.csv"
    assert main(["distinctive", "--groups", "province", "-o", str(out)]) == 0
    left_out = "collection-01, collection-02, collection-03, collection-05, collection-06, collection-07, collection-08, collection-09"
    warning = (f"policycompare: warning: left out 8 plans without a value in 'province': {left_out}; "
               "fill the column in the manifest to compare them")
    assert capsys.readouterr().err.splitlines()[0] == warning
    assert set(pd.read_csv(out, encoding="utf-8-sig")["group"]) == {"贵州省", "宁夏回族自治区", "云南省", "广西壮族自治区", "广东省", "四川省"}
    # --quiet hides notes, not what the table leaves out.
    assert main(["distinctive", "--groups", "province", "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr().err.splitlines() == [warning]


def test_distinctive_n_keeps_each_groups_highest_ranked_terms(tmp_path):
    every, best = tmp_path / "every.csv", tmp_path / "best.csv"
    assert main(["distinctive", "--groups", "province", "-o", str(every), "--quiet"]) == 0
    assert main(["distinctive", "--groups", "province", "-n", "3", "-o", str(best), "--quiet"]) == 0
    every, best = (pd.read_csv(path, encoding="utf-8-sig") for path in (every, best))
    assert len(best) == 6 * 3 and best["rank"].tolist() == [1, 2, 3] * 6
    pd.testing.assert_frame_equal(best, every[every["rank"] <= 3].reset_index(drop=True))
    assert len(every) > len(best)  # without -n every term is kept, as before


@pytest.mark.parametrize("command", ["keywords", "distinctive"])
@pytest.mark.parametrize("value", ["0", "-2", "3.5", "all"])
def test_n_must_be_a_positive_whole_number(command, value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "-n", value, "-o", "-"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"policycompare {command}: error: argument -n: expected a positive whole number, got {value!r}"


def test_every_command_takes_quiet(tmp_path, capsys):
    for name, sub in subcommands().items():
        assert any(action.option_strings == ["--quiet"] for action in sub._actions), name
    assert main(["documents", "-o", str(tmp_path / "d.csv"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert (tmp_path / "d.csv").is_file()


@pytest.mark.parametrize("command", ["align", "report"])
def test_align_and_report_read_top_k_alike(command):
    parse = lambda value: build_parser().parse_args([command, "--top-k", value]).top_k  # noqa: E731
    assert (parse("none"), parse("None"), parse("auto"), parse("3")) == (None, None, "auto", 3)


def test_align_top_k_none_and_auto_on_few_plans_keep_every_link(tmp_path):
    docs = "huaxi,yinchuan,anning"
    tables = {}
    for value in ("none", "auto", None):
        out = tmp_path / f"{value}.csv"
        assert main(["align", "--docs", docs, "-o", str(out), *(["--top-k", value] if value else [])]) == 0
        tables[value] = out.read_bytes()
    # Up to 20 plans "auto" sets no cap, as in the report.
    assert tables["none"] == tables["auto"] == tables[None]


@pytest.mark.parametrize(("argv", "message"), [
    (["typology", "--normalize"], "--normalize applies to the crosstab only; add --crosstab FILE"),
    (["typology", "--level", "subtype"], "--level applies to the crosstab only; add --crosstab FILE"),
    (["align", "--one-to-one", "--per-plan", "5"], "argument --per-plan: not allowed with argument --one-to-one"),
    (["draft", "draft.txt", "--every-document", "--version-overlap", "0.5"], "argument --version-overlap: not allowed with argument --every-document"),
])  # fmt: skip
def test_an_option_that_would_be_ignored_is_refused(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"policycompare {argv[0]}: error: {message}"
    assert list(tmp_path.iterdir()) == []


def test_draft_says_where_it_wrote(tmp_path, tiny_plan, capsys):
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "jia.txt").write_text(tiny_plan, encoding="utf-8")
    (peers / "yi.txt").write_text(tiny_plan.replace("示范区", "试验区").replace("集团化办学", "课后服务"), encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(tiny_plan.replace("示范区", "新区"), encoding="utf-8")
    out = tmp_path / "check"
    assert main(["draft", str(draft), str(peers), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"wrote {out}: gaps.csv, unique.csv, matches.csv, reuse.csv, policycompare-draft-files.sha256, report.html\n"
    assert captured.out.startswith("draft 'draft': ")
    assert sorted(p.name for p in out.iterdir()) == ["gaps.csv", "matches.csv", "policycompare-draft-files.sha256", "report.html", "reuse.csv",
                                                     "unique.csv"]
    assert main(["draft", str(draft), str(peers), "-o", str(out), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_draft_is_read_before_its_peers_and_must_be_a_plans_file(tmp_path, tiny_plan, capsys):
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "jia.txt").write_text(tiny_plan, encoding="utf-8")
    # A peer that warns when read (traditional characters): its warning must not come before the draft's error.
    (peers / "yi.txt").write_text(tiny_plan.translate(str.maketrans("发区质费师训实团", "發區質費師訓實團")), encoding="utf-8")
    assert main(["draft", str(tmp_path / "nope.txt"), str(peers), "-o", str(tmp_path / "check")]) == 1
    assert capsys.readouterr().err == f"policycompare: error: {tmp_path / 'nope.txt'}: no such file\n"
    table = tmp_path / "draft.csv"
    table.write_text("doc_id,text\nx,一、加强师资\n", encoding="utf-8")
    assert main(["draft", str(table), str(peers), "-o", str(tmp_path / "check")]) == 1
    assert capsys.readouterr().err == (f"policycompare: error: {table}: a draft is a plan's file (.txt, .md, .docx, .pdf, .html, .htm), "
                                       "not .csv; save the draft as one of these\n")
    assert not (tmp_path / "check").exists()


# Notes in English after a plan: it reads with a warning that it does not look like a Chinese plan, and is checked.
ENGLISH_NOTES = "\n\nNotes for the translators. " + "Keep the numbering of the measures as it is in the Chinese text. " * 60


def test_draft_keeps_the_warnings_of_reading_it_and_reads_a_name_without_a_suffix(tmp_path, tiny_plan, capsys):
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "jia.txt").write_text(tiny_plan, encoding="utf-8")
    (peers / "yi.txt").write_text(tiny_plan.replace("示范区", "试验区"), encoding="utf-8")
    # A draft that reads with a warning (mostly English notes), under a name whose last dot starts no suffix (方案v1.2).
    draft = tmp_path / "方案v1.2"
    draft.write_text(tiny_plan + ENGLISH_NOTES, encoding="utf-8")
    assert main(["draft", str(draft), str(peers), "-o", str(tmp_path / "check")]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("does not look like a Chinese plan") == 1  # printed once, as it was read
    # ... and kept with the check's own warnings, in its summary and its page.
    assert "1 warning:" in captured.out and "does not look like a Chinese plan" in captured.out.split("1 warning:")[1]
    assert "does not look like a Chinese plan" in (tmp_path / "check" / "report.html").read_text(encoding="utf-8")



def test_draft_repeats_the_warnings_of_reading_the_draft_and_its_peers_once_each_in_order(tmp_path, tiny_plan, capsys):
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "jia.txt").write_text(tiny_plan, encoding="utf-8")
    (peers / "yi.txt").write_text(tiny_plan.replace("示范区", "试验区"), encoding="utf-8")
    # Two warnings of reading the peers: a plan the manifest leaves out, and a .doc file, which is not read.
    (peers / "bing.txt").write_text(tiny_plan.replace("示范区", "新区"), encoding="utf-8")
    (peers / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (peers / "manifest.csv").write_text("doc_id,source_file\njia,jia.txt\nyi,yi.txt\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(tiny_plan + ENGLISH_NOTES, encoding="utf-8")
    assert main(["draft", str(draft), str(peers), "-o", str(tmp_path / "check"), "--quiet"]) == 0
    captured = capsys.readouterr()
    n_hanzi, n_letters = len(re.findall(r"[\u4e00-\u9fff]", tiny_plan)), len(re.findall(r"[^\W\d_]", tiny_plan + ENGLISH_NOTES))
    expected = [
        f"{draft}: does not look like a Chinese plan: only {n_hanzi} of its {n_letters} letters are Chinese characters; policycompare reads "
        "plans in Chinese, so its measures, keywords and comparisons will be meaningless",
        f"{peers}: bing.txt is not in manifest.csv and was not read; add it to the manifest",
        f"{peers}: skipped notes.doc: .doc and .wps files are not read; save the plans as .docx, .pdf or .txt",
    ]  # fmt: skip
    # Printed as they arise, once each, the draft's first, as it is read first ...
    assert captured.err.splitlines() == [f"policycompare: warning: {message}" for message in expected]
    # ... and again at the end of the summary and of the page.
    assert captured.out.splitlines()[-4:] == ["  3 warnings:", *(f"    {message}" for message in expected)]
    page = (tmp_path / "check" / "report.html").read_text(encoding="utf-8")
    assert [page.count(html.escape(message)) for message in expected] == [1, 1, 1]

def test_reuse_writes_the_shared_passages_with_measure_ids_and_a_summary(tmp_path, capsys):
    import policycompare as pc
    from policycompare.reuse import find_reuse

    out, summary = tmp_path / "reuse.csv", tmp_path / "summary.csv"
    regions = "huaxi,yinchuan,anning,qixing"
    assert main(["reuse", "--docs", regions, "-o", str(out), "--summary", str(summary)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    corpus = pc.load_corpus().subset(regions.split(","))
    expected = find_reuse(corpus, measures=pc.extract_measures(corpus))
    assert table[["doc_a", "start_a", "measure_a", "doc_b", "start_b", "measure_b"]].values.tolist() == expected[["doc_a", "start_a", "measure_a", "doc_b", "start_b", "measure_b"]].values.tolist()
    assert len(table) == 5 and all(m.startswith(f"{d}:") for d, m in zip(table["doc_a"], table["measure_a"]))
    shares = pd.read_csv(summary, encoding="utf-8-sig")
    assert {"doc_a", "doc_b", "n_passages", "share_a", "share_b"} <= set(shares.columns)
    assert f"wrote {out} (5 rows)" in capsys.readouterr().err


def test_reuse_options_reach_the_search(tmp_path):
    loose, exact = tmp_path / "loose.csv", tmp_path / "exact.csv"
    twins = "collection-02,collection-05"
    assert main(["reuse", "--docs", twins, "--min-length", "10", "-o", str(loose), "--quiet"]) == 0
    assert main(["reuse", "--docs", twins, "--min-length", "10", "--max-gap", "0", "-o", str(exact), "--quiet"]) == 0
    loose, exact = (pd.read_csv(path, encoding="utf-8-sig") for path in (loose, exact))
    # Without bridging edits the one long passage falls apart into exact runs.
    assert len(exact) > len(loose) and exact["similarity"].eq(1).all()


@pytest.mark.parametrize(("argv", "message"), [
    (["reuse", "--docs", "huaxi"], "policycompare: error: reuse compares plans with each other; --docs names only 1\n"),
    (["reuse", "--docs", "huaxi,nowhere"], "policycompare: error: the bundled corpus: --docs names 'nowhere', which is not one of its documents; known ids: "),
    (["reuse", "--docs", "huaxi,huaxi"], "policycompare: error: --docs lists 'huaxi' more than once; give each document once\n"),
])  # fmt: skip
def test_reuse_needs_two_known_plans(argv, message, tmp_path, capsys):
    assert main([*argv, "-o", str(tmp_path / "r.csv")]) == 1
    assert capsys.readouterr().err.startswith(message)
    assert not (tmp_path / "r.csv").exists()


def test_reuse_refuses_a_negative_gap(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["reuse", "--max-gap", "-1"])
    assert stop.value.code == 2
    assert "argument --max-gap: expected a whole number, 0 or more, got '-1'" in capsys.readouterr().err


_FAULT = "policycompare: internal error in 'documents': {} (run again with --verbose for the traceback; please report it)"


@pytest.mark.parametrize(("error", "status", "line"), [
    (KeyError("doc_id"), 70, _FAULT.format("KeyError: 'doc_id'")),
    # A plain ValueError, not the package's own (PolicyCompareError is a ValueError too).
    (ValueError("shapes (3,2) and (4,2) not aligned:\n2 (dim 1) != 4 (dim 0)"), 70,
     _FAULT.format("ValueError: shapes (3,2) and (4,2) not aligned: 2 (dim 1) != 4 (dim 0)")),
    (AssertionError(), 70, _FAULT.format("AssertionError")),
    # Errors in the input keep status 1 and their own line: they must not be taken for faults.
    (PolicyCompareError("file is empty", path="plans/draft.txt"), 1, "policycompare: error: plans/draft.txt: file is empty"),
    (FileNotFoundError(2, "No such file or directory", "plans/计划.txt"), 1, "policycompare: error: plans/计划.txt: No such file or directory"),
])  # fmt: skip
def test_a_fault_of_the_program_is_an_internal_error_with_status_70_and_bad_input_an_error_with_status_1(error, status, line, monkeypatch, capsys):
    # Raised where the plans are read, where both kinds of error arise.
    import policycompare.corpus

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(policycompare.corpus, "load_corpus", fail)
    assert main(["documents", "-o", "unwritten.csv"]) == status
    assert capsys.readouterr().err == line + "\n"


def test_verbose_shows_the_traceback_of_an_internal_error_first(monkeypatch, capsys):
    import policycompare.corpus

    def fail(*args, **kwargs):
        raise KeyError("doc_id")

    monkeypatch.setattr(policycompare.corpus, "load_corpus", fail)
    assert main(["documents", "-o", "unwritten.csv", "--verbose"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n") and "in fail\n" in err
    assert err.splitlines()[-1] == "policycompare: internal error in 'documents': KeyError: 'doc_id' (the traceback is above; please report it)"


def test_an_unknown_id_in_align_docs_is_an_error_in_the_input(tmp_path, capsys):
    assert main(["align", "--docs", "huaxi,yinchaun", "-o", str(tmp_path / "a.csv")]) == 1
    assert capsys.readouterr().err.startswith("policycompare: error: the bundled corpus: --docs names 'yinchaun', which is not one of its documents "
                                              "(did you mean 'yinchuan'?); known ids: huaxi, ")


def test_a_region_name_given_to_peers_is_answered_with_the_plans_id(tmp_path, capsys):
    draft = tmp_path / "draft.txt"
    draft.write_text("一、主要任务\n（一）加强师资队伍建设。实施教师培训计划，提升教师专业能力。\n", encoding="utf-8")
    assert main(["draft", str(draft), "--peers", "huaxi,花溪区", "-o", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith("policycompare: error: the bundled corpus: --peers names '花溪区', which is not one of its documents "
                                              "(the plan of 花溪区 is 'huaxi': documents are named by their ids); known ids: huaxi, ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("argv", "error", "line"), [
    (["documents"], MemoryError(), "ran out of memory in 'documents'; run again on fewer plans"),
    (["align", "--jobs", "2"], MemoryError(), "ran out of memory in 'align'; run again with --jobs 1, or on fewer plans"),
    (["align", "--jobs", "2"], BrokenProcessPool("A process in the process pool was terminated abruptly"),
     "a worker process of 'align' was killed (by the system, most often when memory runs out); "
     "run again with --jobs 1, or on fewer plans"),
    (["measures"], OSError(errno.ENOSPC, "No space left on device"), "No space left on device (while running 'measures')"),
    (["measures"], OSError(errno.EROFS, "Read-only file system"), "Read-only file system (while running 'measures')"),
])  # fmt: skip
def test_the_machine_running_out_or_refusing_is_not_an_internal_error(argv, error, line, monkeypatch, capsys):
    import policycompare.cli

    def fail(*args, **kwargs):
        raise error

    # The first step of every table command, before any process starts.
    monkeypatch.setattr(policycompare.cli, "_check_outputs", fail)
    assert main([*argv, "-o", "unwritten.csv"]) == 1
    assert capsys.readouterr().err == f"policycompare: error: {line}\n"


def test_an_error_of_the_system_that_is_no_refusal_of_the_machine_stays_internal(monkeypatch, capsys):
    import policycompare.cli

    def fail(*args, **kwargs):
        raise OSError(errno.EBADF, "Bad file descriptor")

    monkeypatch.setattr(policycompare.cli, "_check_outputs", fail)
    assert main(["measures", "-o", "unwritten.csv"]) == 70
    assert capsys.readouterr().err.startswith("policycompare: internal error in 'measures': OSError: [Errno 9] Bad file descriptor (")


_TEST_PROCESS = os.getpid()


def _killed_in_a_worker(*args):
    """Stand-in for the cutting of texts that a worker process runs: the system kills the worker."""
    if os.getpid() == _TEST_PROCESS:
        raise AssertionError("the texts were to be cut in worker processes")
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_worker_killed_by_the_system_says_so_with_a_hint_and_status_1(plan_folder, tmp_path, monkeypatch, capsys):
    import policycompare.tokens

    monkeypatch.setenv("POLICYCOMPARE_CACHE", str(tmp_path / "cache"))  # every text is cut again
    monkeypatch.setattr(policycompare.tokens, "_spans_of", _killed_in_a_worker)
    assert main(["align", str(plan_folder), "--jobs", "2", "-o", str(tmp_path / "a.csv")]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == (
        "policycompare: error: a worker process of 'align' was killed (by the system, most often when memory runs out); "
        "run again with --jobs 1, or on fewer plans")


@pytest.mark.parametrize(("argv", "message"), [
    (["--groups", "provence"], "--groups 'provence' is not a column of the documents table; allowed: doc_id, region_zh, "),
    (["--groups", "doc_id", "PLANS"], "PLANS: --groups 'doc_id' gives only 1 group (alpha); distinctive compares groups of plans with each other\n"),
    (["PLANS"], "PLANS: holds only 1 plan (alpha); distinctive compares plans with each other\n"),
])  # fmt: skip
def test_distinctive_refuses_groups_it_cannot_compare_as_errors_in_the_input(argv, message, tmp_path, tiny_plan, capsys):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "alpha.txt").write_text(tiny_plan, encoding="utf-8")
    argv = [str(plans) if arg == "PLANS" else arg for arg in argv]
    assert main(["distinctive", *argv, "-o", str(tmp_path / "d.csv")]) == 1
    assert capsys.readouterr().err.startswith(f"policycompare: error: {message.replace('PLANS', str(plans))}")
    assert not (tmp_path / "d.csv").exists()


@pytest.mark.parametrize("command", ["measures", "similarity"])
def test_standard_output_gets_the_bytes_of_the_file_without_the_bom(command, tmp_path, monkeypatch):
    import codecs
    import io

    path = tmp_path / "table.csv"
    assert main([command, "-o", str(path), "--quiet"]) == 0
    # A terminal that is not UTF-8 changes nothing: the table is UTF-8, as in the file (the measures' texts are Chinese).
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="gb18030")
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main([command, "-o", "-", "--quiet"]) == 0
    stdout.flush()
    written = path.read_bytes()
    assert written.startswith(codecs.BOM_UTF8)
    assert stdout.buffer.getvalue() == written[len(codecs.BOM_UTF8):]


def test_a_full_disk_under_standard_output_is_an_error_naming_it(monkeypatch, capsys):
    import errno
    import io

    class Full(io.RawIOBase):
        full = True

        def writable(self):
            return True

        def write(self, data):
            if self.full:
                raise OSError(errno.ENOSPC, "No space left on device")
            return len(data)

    disk = Full()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(disk), encoding="utf-8"))
    assert main(["documents", "-o", "-"]) == 1
    disk.full = False  # so that the stream can be closed
    assert capsys.readouterr().err == "policycompare: error: standard output: cannot write (No space left on device)\n"


def test_standard_output_that_takes_part_of_a_write_gets_the_rest(tmp_path, monkeypatch):
    import codecs
    import io

    class Trickle(io.RawIOBase):
        """An unbuffered standard output (python -u) whose writes take a few bytes at a time, as a pipe may."""

        def __init__(self):
            self.received = bytearray()

        def writable(self):
            return True

        def write(self, data):
            self.received += bytes(data[:7])
            return min(len(data), 7)

    path = tmp_path / "documents.csv"
    assert main(["documents", "-o", str(path), "--quiet"]) == 0
    stdout = Trickle()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(stdout, encoding="utf-8"))
    assert main(["documents", "-o", "-", "--quiet"]) == 0
    assert bytes(stdout.received) == path.read_bytes()[len(codecs.BOM_UTF8):]


@pytest.mark.parametrize(("argv", "line"), [
    (["align", "--docs", "huaxi,nosuch"], "the bundled corpus: --docs names 'nosuch', which is not one of its documents; known ids: huaxi, yinchuan, "),
    (["align", "--docs", "huaxi,huaxi"], "--docs lists 'huaxi' more than once; give each document once\n"),
    (["instruments", "--docs", "nosuch,huaxi"], "the bundled corpus: --docs names 'nosuch', which is not one of its documents; known ids: huaxi, "),
    (["instruments", "--docs", "anning,huaxi,anning"], "--docs lists 'anning' more than once; give each document once\n"),
    (["reuse", "PLANS", "--docs", "alpha,gamma"], "PLANS: --docs names 'gamma', which is not one of its documents; known ids: alpha, beta\n"),
    (["graph", "gamma", "PLANS"], "PLANS: DOC_ID names 'gamma', which is not one of its documents; known ids: alpha, beta\n"),
    (["graph", "alpah", "PLANS"], "PLANS: DOC_ID names 'alpah', which is not one of its documents (did you mean 'alpha'?); known ids: alpha, beta\n"),
])  # fmt: skip
def test_an_id_the_plans_lack_or_given_twice_is_refused_naming_the_option_and_the_plans(argv, line, plan_folder, tmp_path, capsys):
    # The library's lines name its parameter (docs, doc_ids) and "the corpus", neither of which the user typed.
    output = tmp_path / ("g.gexf" if argv[0] == "graph" else "t.csv")
    argv = [str(plan_folder) if arg == "PLANS" else arg for arg in argv]
    assert main([*argv, "-o", str(output)]) == 1
    assert capsys.readouterr().err.startswith(f"policycompare: error: {line.replace('PLANS', str(plan_folder))}")
    assert not output.exists()


def test_a_draft_peer_the_plans_lack_or_given_twice_is_refused_naming_the_option(plan_folder, tmp_path_factory, tiny_plan, capsys):
    tmp_path = tmp_path_factory.mktemp("draft")  # not among the plans
    draft = tmp_path / "draft.txt"
    draft.write_text(tiny_plan, encoding="utf-8")
    for peers, line in (("alpha,alpha", "--peers lists 'alpha' more than once; give each document once\n"),
                        ("alpha,gamma", f"{plan_folder}: --peers names 'gamma', which is not one of its documents; known ids: alpha, beta\n")):
        assert main(["draft", str(draft), str(plan_folder), "--peers", peers, "-o", str(tmp_path / "check")]) == 1
        assert capsys.readouterr().err == f"policycompare: error: {line}"
        assert not (tmp_path / "check").exists()


def test_the_library_keeps_its_own_words_for_ids(corpus):
    # The command line re-words these lines; Python users keep the names of the parameters they passed.
    with pytest.raises(PolicyCompareError, match=r"^doc_ids lists 'huaxi' more than once; give each document once$"):
        corpus.subset(["huaxi", "huaxi"])
    with pytest.raises(PolicyCompareError, match=r"^no document 'nosuch' in the corpus; known ids: huaxi, "):
        corpus["nosuch"]


def test_files_named_with_spaces_at_the_ends_give_ids_that_the_options_name(tmp_path, tiny_plan, capsys):
    # --docs and DOC_ID strip the ids typed; an id from "x .txt" kept its space, and no option could name it.
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "x .txt").write_text(tiny_plan, encoding="utf-8")
    (plans / "\u3000y.txt").write_text(tiny_plan.replace("示范区", "试验区"), encoding="utf-8")
    assert main(["documents", str(plans), "-o", str(tmp_path / "d.csv")]) == 0
    assert pd.read_csv(tmp_path / "d.csv", encoding="utf-8-sig")[["doc_id", "source_file"]].values.tolist() == [["x", "x .txt"], ["y", "\u3000y.txt"]]
    assert main(["reuse", str(plans), "--docs", "x ,\u3000y", "-o", str(tmp_path / "r.csv")]) == 0
    assert main(["graph", "x ", str(plans), "-o", str(tmp_path / "x.gexf")]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_info:
        main(["graph", " ", str(plans), "-o", str(tmp_path / "g.gexf")])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == "policycompare graph: error: argument DOC_ID: expected a document id, e.g. huaxi"


def test_reuse_on_a_folder_of_one_plan_names_the_folder(tmp_path, tiny_plan, capsys):
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "alpha.txt").write_text(tiny_plan, encoding="utf-8")
    assert main(["reuse", str(plans), "-o", str(tmp_path / "r.csv")]) == 1
    assert capsys.readouterr().err == f"policycompare: error: {plans}: holds only 1 plan; reuse compares plans with each other\n"


@pytest.mark.parametrize("name", ["g.gexf", "G.GEXF", "g.graphml", "a/b.GraphML", ".gexf", "a/.graphml", "g.gexf.csv", "g", "g.gexf ", "g.xml"])
def test_graph_output_suffixes_are_taken_as_write_graph_takes_them(name):
    import argparse

    from policycompare.cli import _graph_path
    from policycompare.graphs import _graph_format

    try:
        _graph_format(name)
        library = True
    except ValueError:
        library = False
    try:
        _graph_path(name)
        command = True
    except argparse.ArgumentTypeError:
        command = False
    assert command == library


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's redirection")
@pytest.mark.parametrize("output", ["-", "/dev/stdout"])
def test_a_closed_standard_output_is_an_error_in_one_line(output):
    # `>&-` leaves Python without sys.stdout: writing the table failed with an internal error (AttributeError).
    command = f"{sys.executable} -m policycompare documents -o {output} >&-"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (1, "policycompare: error: standard output is closed; give -o a file\n")


def test_dev_stdout_is_standard_output_for_the_checks(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["documents", "-o", "-", "--cleaning", "/dev/stdout"]) == 1
    assert capsys.readouterr().err == ("policycompare: error: -o and --cleaning both write to standard output ('-'), where the two tables "
                                       "would mix; give one a file\n")
    assert list(tmp_path.iterdir()) == []
