"""Output safety: document text never becomes markup, and outputs are replaced atomically,
so a failed run leaves the earlier outputs as they were."""

import errno
import os
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import policycompare as pc
from policycompare import PolicyCompareError, writing
from policycompare.cli import main
from policycompare.writing import write_table, write_text

# What a hostile or merely careless document may hold: markup, ampersands, both kinds of quote.
TITLE = "示范区<b>教育</b>方案 & “引号” \"双引号\" 'single'"
REGION = "<script>alert('区')</script>"
ISSUER = "A&amp;B \"教育局\" <i>"
ALPHA = """示范区<script>alert("正文")</script>教育提升方案

一、总体目标

到2025年，高中阶段毛入学率稳定在95%以上。

二、主要措施

（一）加大经费&quot;投入"与'保障'。每年投入20万元用于教师培训。<责任单位:区教育局、区财政局>

（二）推进集团化办学。一是组建教育集团；二是实施托管帮扶。

（三）建设“智慧&校园”"平台"。推进数字化教学平台建设，开展信息技术培训。
"""
BETA = ALPHA.replace("示范区", "试验区").replace("（三）建设“智慧&校园”\"平台\"。推进数字化教学平台建设，开展信息技术培训。", "（三）实施课后服务。推行午休配餐，落实营养改善计划。")
DRAFT = '草案<img src=x onerror="alert(1)">\n一、总体要求\n（一）加大经费投入。每年投入20万元用于教师培训。\n（二）开展机器人&编程竞赛<script>alert("x")</script>，组建“创客&社团”。\n'

ALLOWED_TAGS = {"a", "body", "div", "figcaption", "figure", "h1", "h2", "head", "html", "img", "li", "meta", "nav", "p", "pre", "span", "style", "table", "tbody", "td", "th", "thead", "title", "tr", "ul"}
# name and content: the page's generator tag (<meta name="generator" content="policycompare">).
ALLOWED_ATTRIBUTES = {"alt", "charset", "class", "href", "id", "lang", "src", "style", "border", "name", "content"}


class PageReader(HTMLParser):
    """Tags, attributes and the text a browser would show (entities decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.values, self.text = set(), set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            self.values.append(value or "")

    def handle_data(self, data):
        self.text.append(data)


def read_page(path):
    reader = PageReader()
    reader.feed(Path(path).read_text(encoding="utf-8"))
    reader.close()
    return reader


def assert_no_markup_from_documents(page):
    assert page.tags <= ALLOWED_TAGS, page.tags - ALLOWED_TAGS
    assert page.attributes <= ALLOWED_ATTRIBUTES, page.attributes - ALLOWED_ATTRIBUTES
    assert not any(value.strip().lower().startswith("javascript:") for value in page.values)


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "alpha.txt").write_text(ALPHA, encoding="utf-8")
    (folder / "beta.txt").write_text(BETA, encoding="utf-8")
    pd.DataFrame(
        {"doc_id": ["alpha", "beta"], "region_zh": [REGION, "试验区"], "title": [TITLE, "试验区方案"], "issuer": [ISSUER, ""], "source_file": ["alpha.txt", "beta.txt"]}
    ).to_csv(folder / "manifest.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def report(hostile_folder, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    pc.write_report(pc.load_corpus(hostile_folder), out, progress=False)
    return out


# ---------------------------------------------------------------- escaping

def test_report_shows_document_text_as_text_never_as_markup(report):
    page = read_page(report / "index.html")
    assert_no_markup_from_documents(page)
    shown = "".join(page.text)
    # Shown exactly as written: escaped once, not dropped and not double-escaped.
    assert TITLE in shown
    # Measure headings: one with markup, one with a literal entity, one with quotes.
    assert '示范区<script>alert("正文")</script>教育提升方案' in shown
    assert "加大经费&quot" in shown and '建设“智慧&校园”"平台"' in shown
    # The region name is in figure captions and in img alt attributes, quotes and all.
    assert f"Keyword co-occurrence network: {REGION}" in shown
    assert any(REGION in value for value in page.values)


def test_file_names_with_markup_or_url_characters_make_working_links(tmp_path):
    # Without a manifest a plan's id is its file name: markup, quotes, # and % must reach the page as a working href.
    folder = tmp_path / "plans"
    folder.mkdir()
    names = ['<img src=x onerror=alert(1)>', 'a&b"c\'#1%']
    (folder / f"{names[0]}.txt").write_text(ALPHA, encoding="utf-8")
    (folder / f"{names[1]}.txt").write_text(BETA, encoding="utf-8")
    out = tmp_path / "report"
    pc.write_report(pc.load_corpus(folder), out, progress=False)
    page = read_page(out / "index.html")
    assert_no_markup_from_documents(page)
    assert "<img src=x" not in (out / "index.html").read_text(encoding="utf-8")
    from urllib.parse import unquote

    reader = PageReader()
    links = []
    reader.handle_starttag = lambda tag, attrs: links.extend(v for k, v in attrs if tag == "a" and k == "href")
    reader.feed((out / "index.html").read_text(encoding="utf-8"))
    links = [link for link in links if not link.startswith("#s")]  # the page's own sections
    assert len(links) > 20
    # Every link names a file the report wrote; the figure of the two plans among them.
    assert all((out / unquote(link)).is_file() for link in links), [link for link in links if not (out / unquote(link)).is_file()]
    assert any(unquote(link) == f"figures/alignment_{names[0]}_{names[1]}.svg" for link in links)


def test_report_escapes_the_raw_html(report):
    source = (report / "index.html").read_text(encoding="utf-8")
    for markup in ("<script", "<b>", "<i>", "alert('区')</script>"):
        assert markup not in source
    assert "&lt;script&gt;alert(" in source and "&lt;b&gt;教育&lt;/b&gt;" in source


def test_draft_report_shows_draft_text_as_text(hostile_folder, tmp_path):
    corpus = pc.load_corpus(hostile_folder)
    draft = pc.load_document_from_text(DRAFT, doc_id='draft<i>&"')
    written = pc.write_draft_comparison(pc.compare_draft(draft, corpus), tmp_path / "check")
    assert written[-1] == tmp_path / "check" / "report.html"
    page = read_page(written[-1])
    assert_no_markup_from_documents(page)
    shown = "".join(page.text)
    assert "Draft check: draft<i>&\"" in shown
    assert "开展机器人&编程竞赛" in shown
    source = written[-1].read_text(encoding="utf-8")
    assert "<script" not in source and "<img" not in source and "<i>" not in source


# ---------------------------------------------------------------- atomic writes

def test_outputs_are_moved_into_place_from_a_temporary_file_beside_them(tmp_path, monkeypatch):
    moves = []
    real_replace = os.replace

    def recording_replace(src, dst):
        moves.append((Path(src), Path(dst), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(writing.os, "replace", recording_replace)
    write_text("一、总体要求\n", tmp_path / "page.html")
    write_table(pd.DataFrame({"term": ["立德树人"]}), tmp_path / "terms.csv")
    assert [(dst.name, content) for _, dst, content in moves] == [("page.html", "一、总体要求\n".encode("utf-8")), ("terms.csv", "\ufeffterm\n立德树人\n".encode("utf-8"))]
    for src, dst, _ in moves:
        # Same folder, so os.replace is a rename within one file system: atomic.
        assert src.parent == dst.parent == tmp_path
        assert src.name.startswith(f".{dst.name}.") and src.name.endswith(".part")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html", "terms.csv"]


def failing_to_csv(monkeypatch, *, when):
    """Make a CSV table write part of its output, then fail as a full disk would.

    write_table writes both ways (its own rows and DataFrame.to_csv's text) into a file it opens itself;
    ``when`` is given the path of each file opened for writing.
    """
    real_open = open

    class Failing:
        def __init__(self, handle):
            self._handle = handle

        def write(self, text):
            self._handle.write(text[:9])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self._handle.close()
            return False

    def failing_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        return Failing(handle) if "w" in mode and when(str(file)) else handle

    monkeypatch.setattr(writing, "open", failing_open, raising=False)


def test_a_write_that_fails_midway_leaves_the_earlier_file(tmp_path, monkeypatch):
    path = tmp_path / "measures.csv"
    write_table(pd.DataFrame({"doc_id": ["huaxi"], "text": ["一、总体要求"]}), path)
    earlier = path.read_bytes()
    failing_to_csv(monkeypatch, when=lambda target: True)
    with pytest.raises(PolicyCompareError, match=rf"^{path}: cannot write \(No space left on device\)$"):
        write_table(pd.DataFrame({"doc_id": ["anning"], "text": ["二、主要措施"]}), path)
    assert path.read_bytes() == earlier
    assert os.listdir(tmp_path) == ["measures.csv"]


def test_written_files_get_ordinary_permissions(tmp_path):
    # A temporary file is private (0600); the output must not stay so.
    with open(tmp_path / "plain.txt", "w") as handle:
        handle.write("x")
    write_text("x", tmp_path / "atomic.txt")
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(tmp_path / "atomic.txt") == mode(tmp_path / "plain.txt")
    os.chmod(tmp_path / "atomic.txt", 0o640)
    write_text("y", tmp_path / "atomic.txt")
    assert mode(tmp_path / "atomic.txt") == 0o640


# ---------------------------------------------------------------- failed runs

def test_a_failed_cli_run_leaves_the_earlier_table(hostile_folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "documents.csv"
    assert main(["documents", str(hostile_folder), "-o", str(out)]) == 0
    earlier = out.read_bytes()
    # A later run over a folder with a broken file fails before writing anything ...
    broken = tmp_path / "broken"
    shutil.copytree(hostile_folder, broken)
    (broken / "beta.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert main(["documents", str(broken), "-o", str(out)]) == 1
    assert out.read_bytes() == earlier
    # ... and one that fails while writing leaves it too.
    failing_to_csv(monkeypatch, when=lambda target: ".documents.csv." in target)
    assert main(["documents", str(hostile_folder), "-o", str(out)]) == 1
    assert capsys.readouterr().err.endswith(f"policycompare: error: {out}: cannot write (No space left on device)\n")
    assert out.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "documents.csv"]


def test_a_failed_report_leaves_the_earlier_report(report, hostile_folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "report"
    shutil.copytree(report, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # The plans changed since, and the disk fills up while the keyword table is written.
    changed = tmp_path / "changed"
    shutil.copytree(hostile_folder, changed)
    (changed / "beta.txt").write_text(BETA.replace("午休配餐", "午休配餐和课后托管"), encoding="utf-8")
    failing_to_csv(monkeypatch, when=lambda target: ".keywords.csv." in target)
    assert main(["report", str(changed), "--out", str(out), "--quiet"]) == 1
    keywords = out / "tables" / "keywords.csv"
    assert capsys.readouterr().err.endswith(f"policycompare: error: {keywords}: cannot write (No space left on device)\n")
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert set(after) == set(before)  # nothing half-written left beside the outputs
    assert after[Path("index.html")] == before[Path("index.html")]
    assert after[Path("tables/keywords.csv")] == before[Path("tables/keywords.csv")]
    # Tables written before the failure are whole new versions, never a mix.
    documents = pd.read_csv(out / "tables" / "documents.csv", encoding="utf-8-sig", keep_default_na=False)
    assert documents["n_chars"].tolist() == [len(ALPHA), len(BETA) + len("和课后托管")]


# ---------------------------------------------------------------- outputs checked before any is written

def test_every_output_is_checked_before_any_is_written(tmp_path, capsys, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    os.chmod(locked, 0o555)
    # Root writes into a read-only folder anyway; os.access is told to answer as for anyone else.
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: not (mode & os.W_OK and Path(path) == locked) and real_access(path, mode, **kw))
    try:
        assert main(["measures", "-o", str(tmp_path / "a.csv"), "--targets", str(locked / "t.csv")]) == 1
    finally:
        os.chmod(locked, 0o755)
    assert capsys.readouterr().err == f"policycompare: error: {locked / 't.csv'}: cannot write: its folder is not writable\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked"]


@pytest.mark.parametrize(("argv", "message"), [
    (["measures", "-o", "x.csv", "--targets", "./x.csv"], "./x.csv: given to both -o and --targets; one table would replace the other"),
    (["measures", "--units", "measures.csv"], "measures.csv: given to both -o and --units; one table would replace the other"),
    (["documents", "-o", "-", "--cleaning", "-"], "-o and --cleaning both write to standard output ('-'), where the two tables would mix; give one a file"),
])  # fmt: skip
def test_one_output_given_for_two_tables_is_refused(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err == f"policycompare: error: {message}\n" and captured.out == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("argv", "message"), [
    (["measures", "plans", "-o", "plans/notes.txt"], "plans/notes.txt: would be read as a plan or manifest of the folder being read (plans); write -o elsewhere, or as .csv"),
    (["documents", "plans", "--cleaning", "plans/manifest.csv"], "plans/manifest.csv: would be read as a plan or manifest of the folder being read (plans); write --cleaning elsewhere, or as .csv"),
    (["keywords", "plans", "-o", "plans/tables/keywords.html"], "plans/tables/keywords.html: would be read as a plan or manifest of the folder being read (plans); write -o elsewhere, or as .csv"),
    (["documents", "plans/alpha.txt", "-o", "./plans/alpha.txt"], "./plans/alpha.txt: cannot write over the plan being read; write -o elsewhere"),
    # A plan file given alone is read through its folder's manifest.
    (["documents", "plans/alpha.txt", "-o", "plans/manifest.csv"], "plans/manifest.csv: would be read as the manifest or a plan of the folder of the plan being read (plans/alpha.txt); write -o elsewhere, or as .csv"),
    (["draft", "draft.txt", "plans", "-o", "plans/"], "plans/: is the folder of plans being read; give the output a folder of its own"),
    (["report", "plans", "-o", "plans", "--quiet"], "plans: is the folder of plans being read; give the output a folder of its own"),
])  # fmt: skip
def test_no_output_is_written_into_the_plans_being_read(argv, message, hostile_folder, tmp_path, capsys, monkeypatch):
    # A table saved there would be read as a plan (.txt), replace the manifest or a plan, or be warned about on every run.
    shutil.copytree(hostile_folder, tmp_path / "plans")
    (tmp_path / "plans" / "tables").mkdir()
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    before = {p: p.read_bytes() for p in (tmp_path / "plans").iterdir() if p.is_file()}
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    assert capsys.readouterr().err == f"policycompare: error: {message}\n"
    assert {p: p.read_bytes() for p in (tmp_path / "plans").iterdir() if p.is_file()} == before
    assert list((tmp_path / "plans" / "tables").iterdir()) == []


def test_a_csv_table_may_be_written_beside_the_plans(tmp_path, monkeypatch):
    # The folder's reader takes in plan files and the manifest only, so `cd plans && policycompare documents . -o d.csv` works.
    (tmp_path / "plans").mkdir()
    for name in ("alpha", "beta"):
        (tmp_path / "plans" / f"{name}.txt").write_text(DRAFT, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "plans")
    assert main(["documents", ".", "-o", "documents.csv", "--quiet"]) == 0
    assert (tmp_path / "plans" / "documents.csv").read_text(encoding="utf-8-sig").startswith("doc_id,")
    assert main(["documents", ".", "-o", "again.csv", "--quiet"]) == 0


# ---------------------------------------------------------------- open files, folders' names

def _run_in_shell(command, folder):
    """Run a bash command line in ``folder``, ``pc`` standing for the policycompare command."""
    script = f"pc() {{ {sys.executable} -m policycompare \"$@\"; }}; {command}"
    return subprocess.run(["bash", "-o", "pipefail", "-c", script], cwd=folder, capture_output=True, text=True)


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="/dev/stdout and /dev/fd")
def test_dev_stdout_is_written_where_the_shell_points_it_never_replaced(hostile_folder, tmp_path):
    # /dev/stdout used to be followed to the file the shell had opened, which was then replaced: what the shell wrote
    # before (>> log.csv) or around it was lost, with status 0; behind a pipe it was "/proc/…/fd/pipe:[…]: cannot write".
    (tmp_path / "log.csv").write_text("PREV\n", encoding="utf-8")
    done = _run_in_shell(f"pc documents {hostile_folder} -o /dev/stdout >> log.csv", tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    log = (tmp_path / "log.csv").read_text(encoding="utf-8")
    assert log.startswith("PREV\ndoc_id,") and log.count("\n") == 4
    done = _run_in_shell(f"(echo header; pc documents {hostile_folder} -o /dev/stdout; echo footer) > f.csv", tmp_path)
    assert done.returncode == 0
    lines = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "header" and lines[1].startswith("doc_id,") and lines[-1] == "footer" and len(lines) == 5
    done = _run_in_shell(f"pc documents {hostile_folder} -o /dev/stdout | head -n 1", tmp_path)
    assert (done.returncode, done.stderr, done.stdout.count("\n")) == (0, "", 1)
    # Another open file is written through too, the table's bytes as in a file of its own.
    done = _run_in_shell(f"pc documents {hostile_folder} -o /dev/fd/3 --quiet 3>> log.csv", tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "log.csv").read_text(encoding="utf-8").startswith(log + "\ufeffdoc_id,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.csv", "log.csv"]


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="/dev/fd")
def test_an_open_file_is_written_through_its_handle(tmp_path):
    path = tmp_path / "log.csv"
    number = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.write(number, b"header\n")
        write_table(pd.DataFrame({"term": ["立德树人"]}), f"/dev/fd/{number}")
        os.write(number, b"footer\n")
    finally:
        os.close(number)
    assert path.read_bytes() == "header\n\ufeffterm\n立德树人\nfooter\n".encode("utf-8")
    # Closed, or open for reading only: refused before anything is written, naming the path given.
    with pytest.raises(PolicyCompareError, match=rf"^/dev/fd/{number}: cannot write: file descriptor {number} is not open$"):
        write_text("x", f"/dev/fd/{number}")
    number = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(PolicyCompareError, match=rf"^/dev/fd/{number}: cannot write: file descriptor {number} is open for reading only$"):
            writing.check_writable(f"/dev/fd/{number}")
    finally:
        os.close(number)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.csv"]


@pytest.mark.parametrize("option", ["-o", "--cleaning"])
def test_a_name_ending_in_a_separator_is_refused_as_a_folders(option, tmp_path, capsys):
    # Path drops the final slash: `-o newdir/` wrote a file named newdir.
    name = f"{tmp_path / 'newdir'}{os.sep}"
    argv = ["documents", option, name, *(["-o", str(tmp_path / "d.csv")] if option != "-o" else [])]
    assert main(argv) == 1
    assert capsys.readouterr().err == f"policycompare: error: {name}: cannot write: the name ends in {os.sep!r}, a folder's; give a file name\n"
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(PolicyCompareError, match="ends in"):
        write_text("x", name)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [
    ["measures", "-o", "-", "--targets", "EXTRA"],
    ["measures", "--units", "EXTRA", "-o", "-", "--dates", "EXTRA2"],
    ["typology", "-o", "-", "--crosstab", "EXTRA"],
    ["documents", "-o", "-", "--cleaning", "EXTRA"],
])  # fmt: skip
def test_the_extra_tables_are_written_before_standard_output(argv, hostile_folder, tmp_path, monkeypatch):
    # A reader of standard output that leaves (| head) ends the command with status 141; the extra tables, written
    # after the main one, were then never written, without a word.
    import policycompare.cli

    def reader_gone(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    argv = [str(tmp_path / arg.lower()) if arg.startswith("EXTRA") else arg for arg in argv]
    monkeypatch.setattr(policycompare.cli, "_write_standard_output", reader_gone)
    assert main([*argv, str(hostile_folder)]) == 141
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(os.path.basename(arg) for arg in argv if arg.startswith(str(tmp_path)))
    assert all(pd.read_csv(tmp_path / name, encoding="utf-8-sig").shape[1] > 1 for name in written)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's pipe")
def test_an_extra_table_is_written_when_the_reader_of_standard_output_leaves(tmp_path):
    # The bundled corpus's measures (about 270 KB) outgrow the pipe's buffer, so head leaves before they are written.
    done = _run_in_shell("pc measures -o - --targets tg.csv | head -n 1", tmp_path)
    assert done.stdout.startswith("doc_id,measure_id") and done.returncode == 141
    targets = pd.read_csv(tmp_path / "tg.csv", encoding="utf-8-sig")
    assert done.stderr == f"wrote tg.csv ({len(targets)} rows)\n" and len(targets) > 0


# ---------------------------------------------------------------- the files of the user's in an output folder

def test_a_report_never_replaces_a_file_it_did_not_write(report, hostile_folder, tmp_path, capsys):
    # docs/guide.md: a report "never touches other files"; it replaced a user's index.html and tables silently.
    out = tmp_path / "userdir"
    (out / "tables").mkdir(parents=True)
    (out / "index.html").write_text("mine", encoding="utf-8")
    (out / "tables" / "documents.csv").write_text("keep", encoding="utf-8")
    assert main(["report", str(hostile_folder), "-o", str(out), "--quiet"]) == 1
    assert capsys.readouterr().err == (f"policycompare: error: {out}: holds index.html, which the report would replace but did not "
                                       "write; move it, or give another output folder\n")
    (out / "index.html").unlink()
    assert main(["report", str(hostile_folder), "-o", str(out), "--quiet"]) == 1
    assert f"{out}: holds tables/documents.csv, which the report would replace" in capsys.readouterr().err
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == ["tables", "tables/documents.csv"]
    assert (out / "tables" / "documents.csv").read_text(encoding="utf-8") == "keep"
    # A report's own folder is written again, and files of no name it writes are kept.
    shutil.rmtree(out)
    shutil.copytree(report, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "figures" / "my-chart.png").write_bytes(b"mine")
    assert main(["report", str(hostile_folder), "-o", str(out), "--quiet"]) == 0
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert (out / "figures" / "my-chart.png").read_bytes() == b"mine"


def test_a_draft_check_never_replaces_a_file_it_did_not_write(hostile_folder, tmp_path, capsys):
    out = tmp_path / "ud2"
    out.mkdir()
    (out / "report.html").write_text("mine", encoding="utf-8")
    (out / "gaps.csv").write_text("keep", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    argv = ["draft", str(tmp_path / "draft.txt"), str(hostile_folder), "-o", str(out), "--quiet"]
    assert main(argv) == 1
    line = f"{out}: holds gaps.csv, which the draft check would replace but did not write; move it, or give another output folder"
    assert capsys.readouterr().err == f"policycompare: error: {line}\n"
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {"report.html": "mine", "gaps.csv": "keep"}
    # One rule, write_draft_comparison's: called from Python it refuses the folder with the same line.
    corpus = pc.load_corpus(hostile_folder)
    with pytest.raises(PolicyCompareError) as refused:
        pc.write_draft_comparison(pc.compare_draft(tmp_path / "draft.txt", corpus), out)
    assert str(refused.value) == line
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {"report.html": "mine", "gaps.csv": "keep"}
    # A folder the draft check wrote is written again.
    (out / "report.html").unlink()
    (out / "gaps.csv").unlink()
    assert main(argv) == 0
    assert main(argv) == 0
    assert sorted(p.name for p in out.iterdir()) == ["gaps.csv", "matches.csv", "policycompare-draft-files.sha256", "report.html", "reuse.csv",
                                                     "unique.csv"]
