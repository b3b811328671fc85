"""Inputs that must be refused: one line naming the file, a non-zero exit, no traceback
unless ``--verbose``. Real seeds and generated broken files."""

import codecs
import gzip
import io
import os
import random
import re

import pytest

import policycompare as pc
from policycompare import PolicyCompareError
from policycompare.cli import main
from policycompare.corpus import bundled_corpus_path
from conftest import pictures_docx_bytes

SEED = (bundled_corpus_path() / "huaxi.txt").read_bytes()
GOOD_PLAN = "一、总体要求\n（一）加强党的领导，推进县管校聘改革。\n二、保障措施\n（一）加大经费投入。\n"


def random_bytes(n, *, seed=0):
    """Bytes without NUL, so only the decoding (not the NUL check) can refuse them."""
    rng = random.Random(seed)
    return bytes(rng.randrange(1, 256) for _ in range(n))


def docx_bytes(*paragraphs):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def compound_file(*names, directory_sector=0):
    """The bytes of a compound file (OLE, 512-byte sectors) whose directory, at ``directory_sector``, names the streams ``names``.

    Only the header and the directory's entry names are written: what tells an
    old Office document from an Office Open XML one encrypted with a password.
    """
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x30:0x34] = directory_sector.to_bytes(4, "little")
    entries = b"".join(name.encode("utf-16-le").ljust(64, b"\x00") + (2 * len(name) + 2).to_bytes(2, "little") + bytes(62)
                       for name in ("Root Entry", *names))
    return bytes(header) + bytes(512 * directory_sector) + entries.ljust(512, b"\x00")


def strict_docx_bytes(*paragraphs):
    """A .docx saved as Strict Open XML: its main part's relationship is ISO 29500 Strict's (python-docx finds none it knows)."""
    import zipfile

    whole = zipfile.ZipFile(io.BytesIO(docx_bytes(*paragraphs)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as strict:
        for name in whole.namelist():
            data = whole.read(name)
            if name == "_rels/.rels":
                data = data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")
            strict.writestr(name, data)
    return buffer.getvalue()


ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def run_refused(argv, capsys, message):
    """The CLI exits 1 and prints one line for the error, naming the file.

    Lines that report files written before the error ("wrote …") may precede it.
    """
    assert main(argv) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines(keepends=True) if not line.startswith("wrote ")]
    assert "Traceback" not in err and len(lines) == 1, err
    assert re.fullmatch(f"policycompare: error: {message}\n", lines[0]), err


def run_verbose(argv, capsys, message):
    assert main(["--verbose", *argv]) == 1
    err = capsys.readouterr().err
    assert "\nTraceback (most recent call last):\n" in f"\n{err}"
    assert re.search(f"\npolicycompare: error: {message}\n$", err), err


@pytest.fixture()
def folder(tmp_path):
    """A folder holding one good plan, so an error must name the bad file among several."""
    path = tmp_path / "plans"
    path.mkdir()
    (path / "good.txt").write_text(GOOD_PLAN, encoding="utf-8")
    return path


# ---------------------------------------------------------------- bad plan files

BAD_FILES = {
    "png": ("figure.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random_bytes(200), r"not a text file: its bytes start like a PNG image; its text needs OCR first"),
    "gzip of a real plan": ("huaxi.txt", gzip.compress(SEED, mtime=0), r"not a text file: its bytes start like a gzip archive"),
    "docx renamed to txt": ("draft.txt", None, r"not a text file: its bytes start like a zip archive \(a \.docx document renamed\?\)"),
    "random bytes": ("noise.txt", random_bytes(2048), r"cannot decode: not UTF-8, UTF-16/32 with BOM, GB18030/GBK or Big5 text \(binary file\?\)"),
    "pdf renamed to txt": ("plan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random_bytes(2048, seed=1), r"not a text file: its bytes start like a PDF document; give it a \.pdf name"),
    "damaged utf-8": ("huaxi.txt", SEED[:500] + b"\xff" + SEED[500:], r"cannot decode: valid UTF-8 up to byte 500, then b'\\xff' \(damaged file\?\), and not GB18030/GBK or Big5 text"),
    "control characters": ("log.txt", ("一、总体要求\x07\x1b[0m" * 20).encode("utf-8"), r"binary file \(control characters after decoding as utf-8\)"),
    "not a docx": ("draft.docx", b"PK\x03\x04 not a zip at all", r"not a readable \.docx file \(not a zip package; a \.doc or another file renamed\?\)"),
    "docx cut in half": ("cut.docx", None, r"not a readable \.docx file \(not a zip package; a \.doc or another file renamed\?\)"),
    "password-protected docx": ("locked.docx", compound_file(*ENCRYPTED_STREAMS), r"the \.docx is encrypted with a password; save an unprotected copy"),
    "doc renamed to docx": ("old.docx", compound_file("WordDocument", "1Table"), r"not a readable \.docx file \(an old Office document: a \.doc, \.wps or \.xls renamed\?\); save it as \.docx"),
    "strict open xml docx": ("strict.docx", None, r"not a readable \.docx file \(saved as Strict Open XML\); open it in Word and save it as a Word Document \(\.docx\), not as a Strict Open XML Document"),
    "docx of pictures": ("scan.docx", None, r"no text in its body but 2 images \(scanned pages\?\); run OCR on them first"),
    "empty": ("empty.txt", b"", "file is empty"),
    "empty docx": ("empty.docx", b"", "file is empty"),
    "whitespace": ("blank.txt", b"  \n\t\r\n \n", "file holds only whitespace"),
    "ideographic spaces": ("blank.md", "\u3000\u3000\r\n\u3000".encode("utf-8"), "file holds only whitespace"),
    "utf-8 byte-order mark only": ("bom.txt", codecs.BOM_UTF8, "file holds only whitespace"),
    "utf-16 spaces": ("blank16.txt", "  \r\n ".encode("utf-16"), "file holds only whitespace"),
    "docx without text": ("blank.docx", None, "file holds only whitespace"),
    "only web page chrome": ("page.txt", "无障碍 | 长者版\n当前位置: 首页>部门文件\n扫一扫在手机打开当前页\n".encode("utf-8"), "document 'page' has no text left after cleaning"),
}


def write_bad_file(folder, case):
    name, data, message = BAD_FILES[case]
    if data is None:
        if case == "strict open xml docx":
            data = strict_docx_bytes("一、总体要求", "（一）加强领导。")
        elif case == "docx of pictures":
            data = pictures_docx_bytes()
        elif case == "docx cut in half":
            whole = docx_bytes("一、总体要求", "（一）加强领导。")
            data = whole[: len(whole) // 2]
        else:
            data = docx_bytes("一、总体要求", "（一）加强领导。") if case == "docx renamed to txt" else docx_bytes("", "  ")
    path = folder / name
    path.write_bytes(data)
    return path, message


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_plan_file_is_refused_naming_it(folder, tmp_path, capsys, case):
    path, message = write_bad_file(folder, case)
    named = f"{re.escape(str(path))}: {message}"
    with pytest.raises(PolicyCompareError, match=f"^{named}") as info:
        pc.load_corpus(folder)
    assert "\n" not in str(info.value)
    output = tmp_path / "documents.csv"
    run_refused(["documents", str(folder), "-o", str(output)], capsys, f"{named}.*")
    assert not output.exists()


def test_a_password_protected_docx_is_named_so_where_its_directory_follows_much_data(tmp_path):
    # A large plan's encrypted package may come before the directory that names its streams: 600 KB of it here.
    path = tmp_path / "locked.docx"
    path.write_bytes(compound_file(*ENCRYPTED_STREAMS, directory_sector=1200))
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(path))}: the \\.docx is encrypted with a password; save an unprotected copy$"):
        pc.load_document(path)


@pytest.mark.parametrize("case", ["png", "empty", "only web page chrome"])
def test_a_bad_draft_is_refused_naming_it(folder, tmp_path, capsys, case):
    path, message = write_bad_file(folder, case)
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(path))}: {message}"):
        pc.load_document(path)
    # The peers are a folder of one good plan, so nothing slow runs before the draft is read.
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "peer.txt").write_text(GOOD_PLAN, encoding="utf-8")
    run_refused(["draft", str(path), str(peers), "--out", str(tmp_path / "check")], capsys, f"{re.escape(str(path))}: {message}.*")
    assert not (tmp_path / "check").exists()


@pytest.mark.parametrize("case", ["random bytes", "whitespace"])
def test_verbose_shows_the_traceback_of_a_bad_file(folder, tmp_path, capsys, case):
    path, message = write_bad_file(folder, case)
    run_verbose(["measures", str(folder), "-o", str(tmp_path / "m.csv")], capsys, f"{re.escape(str(path))}: {message}.*")


# ---------------------------------------------------------------- folders and manifests

@pytest.mark.parametrize("command", [["measures"], ["keywords"], ["similarity"], ["report"], ["graph", "huaxi"]])
def test_a_nonexistent_folder_is_refused_by_every_command(tmp_path, capsys, command):
    missing = tmp_path / "no-such-plans"
    run_refused([*command, str(missing)] + (["-o", str(tmp_path / "g.gexf")] if command[0] == "graph" else []), capsys, f"{re.escape(str(missing))}: no such folder")


def test_a_nonexistent_or_folder_draft_is_refused(folder, tmp_path, capsys):
    missing = tmp_path / "draft.txt"
    run_refused(["draft", str(missing), str(folder)], capsys, f"{re.escape(str(missing))}: no such file")
    run_refused(["draft", str(folder), str(folder)], capsys, f"{re.escape(str(folder))}: the draft must be one file, not a folder")


def test_a_symbolic_link_that_leads_nowhere_is_named_as_one(folder, tmp_path, capsys):
    loop, broken = folder / "loop.txt", folder / "broken.txt"
    loop.symlink_to("loop.txt")
    broken.symlink_to("moved-away.txt")
    loop_message = f"{re.escape(str(loop))}: symbolic link loop: the link leads back to itself"
    broken_message = f"{re.escape(str(broken))}: broken symbolic link: its target 'moved-away\\.txt' does not exist"
    with pytest.raises(PolicyCompareError, match=f"^{loop_message}$"):
        pc.load_document(loop)
    with pytest.raises(PolicyCompareError, match=f"^{loop_message}$"):
        pc.load_corpus(loop)
    # In a folder, such a link is not passed over as if it were no plan: the first in name order is refused.
    with pytest.raises(PolicyCompareError, match=f"^{broken_message}$"):
        pc.load_corpus(folder)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, broken_message)
    peers = tmp_path / "peers"
    peers.mkdir()
    (peers / "peer.txt").write_text(GOOD_PLAN, encoding="utf-8")
    run_refused(["draft", str(loop), str(peers), "--out", str(tmp_path / "check")], capsys, loop_message)
    assert not (tmp_path / "check").exists()
    run_refused(["measures", str(broken), "-o", str(tmp_path / "m.csv")], capsys, broken_message)


def test_a_file_name_with_a_line_break_stays_on_one_line(folder, tmp_path, capsys):
    # Linux allows any character but / in a name; the message shows such a name quoted and escaped.
    odd = folder / "plan\nv2.txt"
    odd.write_bytes(b"")
    message = re.escape(repr(str(odd))) + ": file is empty"
    with pytest.raises(PolicyCompareError, match=f"^{message}$") as info:
        pc.load_corpus(folder)
    assert "\n" not in str(info.value) and info.value.path == str(odd)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)
    # A draft's text given where its path goes is said to be one, on one line.
    with pytest.raises(PolicyCompareError, match=r"^draft looks like the text of a draft \('一、总体要求\\n（一）加强'…, 15 characters\), not the path"):
        pc.compare_draft("一、总体要求\n（一）加强领导。", pc.load_corpus(folder / "good.txt"))


def test_a_name_too_long_for_the_system_is_one_line_error(tmp_path, capsys):
    long = tmp_path / ("长" * 100 + ".txt")  # 300 bytes: over the 255 a name may have
    message = f"{re.escape(str(long))}: cannot open \\(File name too long\\)"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_document(long)
    run_refused(["documents", str(long), "-o", str(tmp_path / "d.csv")], capsys, message)


def test_a_folder_whose_plans_are_all_in_subfolders_says_so(folder, tmp_path, capsys):
    (folder / "good.txt").rename(tmp_path / "elsewhere.txt")
    (folder / "2023").mkdir()
    (folder / "2023" / "huaxi.txt").write_text(GOOD_PLAN, encoding="utf-8")
    (folder / "2024" / "draft").mkdir(parents=True)
    (folder / "2024" / "draft" / "anning.docx").write_bytes(b"")
    message = f"{re.escape(str(folder))}: holds no \\.txt, \\.md, \\.docx, \\.pdf or \\.html plan files; 2023/huaxi\\.txt, 2024/draft/anning\\.docx in its subfolders are read only when manifest\\.csv names them"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_corpus(folder)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


def test_an_unknown_peer_is_refused_before_any_advice_about_it(folder, tmp_path, capsys):
    import warnings

    corpus = pc.load_corpus(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "min_peers=2 is more than the 1 peer" about a peer that is not there
        with pytest.raises(KeyError, match=r"no document 'nosuch' in the corpus; known ids: good"):
            pc.compare_draft(folder / "good.txt", corpus, peers=["nosuch"])
    run_refused(["draft", str(folder / "good.txt"), str(folder), "--peers", "nosuch", "--out", str(tmp_path / "check")], capsys,
                f"{folder}: --peers names 'nosuch', which is not one of its documents; known ids: good")
    assert not (tmp_path / "check").exists()


MANIFESTS = {
    "missing file": ("doc_id,source_file\ngood,good.txt\nother,other.txt\n", "manifest names 'other.txt' for 'other', but there is no such file"),
    "duplicate ids": ("doc_id,source_file\ngood,good.txt\ngood,good.txt\n", "manifest holds the doc_id 'good' twice"),
    "unknown column": ("doc_id,source_file,regoin_zh\ngood,good.txt,花溪区\n", "manifest column 'regoin_zh' is not 'region_zh'; correct its name, or rename a column of your own so that it is not taken for one of: doc_id, region_zh, .*"),
    "id with a path separator": ("doc_id,source_file\n../good,good.txt\n", r"manifest line 2: doc_id '\.\./good' may hold only letters, digits, '_', '-' and '\.'"),
    "binary manifest": (b"\x00\x01doc_id\x00", r"binary file \(NUL bytes, the first at byte 0, and no UTF-16/32 byte-order mark\); give a text, \.md, \.docx, \.pdf or \.html file"),
    "empty manifest": (b"", "file is empty"),
    # Without the check, pandas takes the extra leading cells as the index and reads doc_id 'a.txt', source_file '花溪区'.
    "row longer than the header": ("doc_id,source_file\n\ngood,good.txt,花溪区,2023\n", "manifest line 3 has 4 cells but the header has 2; put a value that holds a comma in double quotes"),
    "unquoted comma in a later row": ("doc_id,source_file,title\ngood,good.txt,方案\nother,good.txt,关于印发《方案》的通知,第二版\n", "manifest line 3 has 4 cells but the header has 3; put a value that holds a comma in double quotes"),
    "header cell without a name": ("doc_id,source_file,,title\ngood,good.txt,,方案\n", "manifest column 3 has no name in the header line; name it or delete the column"),
    # The folder's good.txt is not listed: the error alone is said, not a warning about good.txt first.
    "header only": ("doc_id,source_file\n", "manifest lists no documents"),
    # Excel saves "CSV" with semicolons where the decimal mark is a comma: this was "lacks the required column 'doc_id'".
    "semicolons": ("doc_id;source_file\ngood;good.txt\n", "manifest must be comma-separated, but its header line is separated by semicolons; save it as CSV with commas"),
    "file name in another case": ("doc_id,source_file\ngood,Good.TXT\n", r"manifest names 'Good\.TXT' for 'good', but there is no such file \(did you mean 'good\.txt'\?\)"),
}


@pytest.mark.parametrize("case", list(MANIFESTS))
def test_a_bad_manifest_is_refused_naming_it(folder, tmp_path, capsys, case):
    content, message = MANIFESTS[case]
    manifest = folder / "manifest.csv"
    manifest.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    named = f"{re.escape(str(manifest))}: {message}"
    with pytest.raises(PolicyCompareError, match=f"^{named}$"):
        pc.load_corpus(folder)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, named)
    run_verbose(["measures", str(folder), "-o", str(tmp_path / "m.csv")], capsys, named)


def test_a_manifest_given_as_the_corpus_is_refused_naming_its_folder(folder, tmp_path, capsys):
    # It was read as a plan of one "document" with a warning that it does not look like one.
    manifest = folder / "manifest.csv"
    manifest.write_text("doc_id,source_file\ngood,good.txt\n", encoding="utf-8")
    message = f"{re.escape(str(manifest))}: this is a manifest, not a plan: give its folder \\({re.escape(str(folder))}\\) to read the plans it lists"
    run_refused(["documents", str(manifest), "-o", str(tmp_path / "d.csv")], capsys, message)
    assert not (tmp_path / "d.csv").exists()


def test_two_files_with_one_stem_are_refused_naming_both(folder, tmp_path, capsys):
    (folder / "good.md").write_text(GOOD_PLAN, encoding="utf-8")
    message = f"{re.escape(str(folder))}: good.md and good.txt both give the doc_id 'good'; rename one or add a manifest"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_corpus(folder)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


def test_a_conversion_the_cli_does_not_know_is_a_usage_error(folder, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["documents", str(folder), "--convert", "s2t"])
    assert exit_info.value.code == 2
    assert "argument --convert: invalid choice: 's2t'" in capsys.readouterr().err


# ---------------------------------------------------------------- outputs that cannot be written

@pytest.fixture()
def a_file(tmp_path):
    """A regular file, so that paths under it cannot be written, even by root."""
    path = tmp_path / "notes.txt"
    path.write_text("keep me", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["documents", "{folder}", "-o", "{file}/documents.csv"],
        ["documents", "{folder}", "-o", "{tmp}/documents.csv", "--cleaning", "{file}/cleaning.csv"],
        ["measures", "{folder}", "-o", "{tmp}/measures.csv", "--targets", "{file}/targets.csv"],
        ["graph", "good", "{folder}", "-o", "{file}/good.gexf"],
    ],
)
def test_an_output_under_a_file_is_refused(folder, tmp_path, a_file, capsys, argv):
    argv = [a.format(folder=folder, file=a_file, tmp=tmp_path) for a in argv]
    target = next(a for a in argv if a.startswith(str(a_file)))
    message = f"{re.escape(target)}: cannot write: {re.escape(str(a_file))} is a file, not a folder"
    run_refused(argv, capsys, message)
    run_verbose(argv, capsys, message)
    assert a_file.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", ["report", "draft"])
def test_an_output_folder_under_a_file_is_refused(folder, tmp_path, a_file, capsys, command):
    out = a_file / "out"
    argv = ["report", str(folder), "--out", str(out), "--quiet"] if command == "report" else ["draft", str(folder / "good.txt"), str(folder), "--out", str(out)]
    if command == "draft":
        (folder / "peer.txt").write_text(GOOD_PLAN.replace("党的领导", "教师培训"), encoding="utf-8")
    run_refused(argv, capsys, f"{re.escape(str(out))}: cannot create output folder \\(Not a directory\\)")
    assert a_file.read_text(encoding="utf-8") == "keep me"


def test_an_output_that_is_a_folder_is_refused(folder, tmp_path, capsys):
    (tmp_path / "out.csv").mkdir()
    run_refused(["documents", str(folder), "-o", str(tmp_path / "out.csv")], capsys, f"{re.escape(str(tmp_path / 'out.csv'))}: cannot write \\(Is a directory\\)")
    assert list((tmp_path / "out.csv").iterdir()) == []
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize(("part", "content"), [("word/document.xml", b""), ("word/styles.xml", b"<<<"), ("word/numbering.xml", b"<w:numbering")])
def test_a_docx_with_a_damaged_xml_part_is_refused_naming_it(folder, tmp_path, capsys, part, content):
    # A zip that opens, with a part that is no XML: styles and numbering are parsed only when first used.
    import zipfile

    whole = zipfile.ZipFile(io.BytesIO(docx_bytes("一、总体要求", "（一）加强领导。")))
    path = folder / "damaged.docx"
    with zipfile.ZipFile(path, "w") as damaged:
        for name in whole.namelist():
            damaged.writestr(name, content if name == part else whole.read(name))
    message = f"{re.escape(str(path))}: not a readable \\.docx file \\(damaged XML inside: [^()]+\\)"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_document(path)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


def _damaged_zip_entry(data, name, how):
    """``data`` (a zip) with the entry ``name`` damaged: its compressed bytes scrambled, or marked as encrypted."""
    import struct
    import zipfile

    entry = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = entry.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26:start + 30])
    damaged = bytearray(data)
    if how == "scrambled":
        body = start + 30 + name_length + extra_length
        for k in range(body + 10, body + 60):
            damaged[k] ^= 0x5A
        return bytes(damaged)
    damaged[start + 6] |= 1  # the local header's "encrypted" flag, and the central directory's below
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28:at + 30])[0]
        if data[at + 46:at + 46 + length] == name.encode("ascii"):
            damaged[at + 8] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(damaged)


@pytest.mark.parametrize(("how", "reason"), [("scrambled", r"a damaged part inside: Error -3 .+"),
                                             ("encrypted", r"encrypted or packed in a way zip cannot read: .+")])
def test_a_docx_with_a_damaged_or_encrypted_zip_entry_is_refused_in_one_line(folder, tmp_path, capsys, how, reason):
    path = folder / "damaged.docx"
    path.write_bytes(_damaged_zip_entry(docx_bytes("一、总体要求", "（一）加强领导。"), "word/document.xml", how))
    message = f"{re.escape(str(path))}: not a readable \\.docx file \\({reason}\\)"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_document(path)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


def test_a_docx_whose_text_is_all_in_a_text_box_says_so(folder, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    document = docx.Document()
    document.element.body.insert(0, parse_xml(
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"))
    path = folder / "box.docx"
    document.save(path)
    message = (f"{re.escape(str(path))}: none of its 3 characters were read: they are in text boxes, content controls, tracked insertions, "
               "fields or tables inside tables; accept the tracked changes or move that text into ordinary paragraphs and tables")
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_document(path)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


@pytest.mark.parametrize("name", ["plan.txt", "plan.docx"])
def test_a_file_the_system_will_not_let_us_read_is_one_line_error(folder, tmp_path, capsys, monkeypatch, name):
    # chmod 000 does not stop root (these tests may run as root), so the refusal is simulated where the file is opened.
    import errno
    import pathlib

    docx = pytest.importorskip("docx")
    path = folder / name
    path.write_bytes(docx_bytes("一、总体要求") if name.endswith(".docx") else GOOD_PLAN.encode("utf-8"))

    open_path = pathlib.Path.open

    def refuse(self, *args, **kwargs):
        if str(self) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open_path(self, *args, **kwargs)

    monkeypatch.setattr(docx, "Document", lambda name: refuse(pathlib.Path(name)))
    monkeypatch.setattr(pathlib.Path, "open", refuse)
    message = f"{re.escape(str(path))}: cannot read \\(Permission denied\\)"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_corpus(folder)
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, message)


def test_a_docx_with_a_broken_numbering_part_is_read_without_its_numbers(tmp_path):
    # Word's numbering given as values that are no numbers: the text is read whole, without numbers, not a traceback.
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("一、主要任务")
    document.add_paragraph("新建学校。", style="List Number")
    broken_level = tmp_path / "level.docx"
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:abstractNum")).find(qn("w:lvl")).find(qn("w:start")).set(qn("w:val"), "x")
    document.save(broken_level)
    assert pc.load_document(broken_level).text == "一、主要任务\n新建学校。"

    document = docx.Document()
    document.add_paragraph("一、主要任务")
    item = document.add_paragraph("新建学校。")
    numbers = item._p.get_or_add_pPr().get_or_add_numPr()
    numbers.get_or_add_numId().set(qn("w:val"), "y")
    broken_reference = tmp_path / "reference.docx"
    document.save(broken_reference)
    assert pc.load_document(broken_reference).text == "一、主要任务\n新建学校。"


def test_a_file_name_that_is_not_utf8_is_refused_naming_the_file(tmp_path, capsys):
    # What unzipping an archive made on a Chinese Windows gives on Linux: the name's bytes are GBK.
    folder = tmp_path / "plans"
    folder.mkdir()
    try:
        with open(os.fsencode(folder) + b"/" + "计划".encode("gbk") + b".txt", "w", encoding="utf-8") as handle:
            handle.write("一、总体要求\n（一）加强领导。\n")
    except (OSError, ValueError):
        pytest.skip("this file system takes only valid UTF-8 names")
    message = r"\S+\.txt: the file name is not valid UTF-8 \(from a zip made on Windows\?\): rename the file, or give it a doc_id in a manifest"
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.load_corpus(folder)
    run_refused(["measures", str(folder), "-o", str(tmp_path / "m.csv")], capsys, message)


def test_a_corpus_that_is_a_pipe_is_refused_in_the_file_problem_form(tmp_path, capsys):
    pipe = tmp_path / "plans"
    os.mkfifo(pipe)
    run_refused(["measures", str(pipe), "-o", str(tmp_path / "m.csv")], capsys, f"{re.escape(str(pipe))}: Not a directory")


def test_plans_without_chinese_are_refused_by_the_alignment_naming_the_folder(tmp_path, capsys):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.txt").write_text("Plan A\n1. Build schools.\n2. Train teachers.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Plan B\n1. Build roads.\n2. Train nurses.\n", encoding="utf-8")
    message = (f"{re.escape(str(folder))}: none of the 4 measures of a, b has a Chinese word to compare "
               r"\(the alignment reads plans in Chinese\)")
    with pytest.warns(pc.PolicyCompareWarning, match="does not look like a Chinese plan: it has no Chinese text"):
        corpus = pc.load_corpus(folder)
    with pytest.raises(PolicyCompareError, match=f"^{message}$"):
        pc.align_measures(corpus)
    # Each plan is warned of as it is read; then the alignment refuses them in one line.
    assert main(["align", str(folder), "-o", str(tmp_path / "a.csv")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": does not")[0] for line in err[:2]] == [f"policycompare: warning: {folder / name}" for name in ("a.txt", "b.txt")]
    assert re.fullmatch(f"policycompare: error: {message}", err[2]) and len(err) == 3


@pytest.mark.parametrize(("option", "command"), [("--targets", "measures"), ("--cleaning", "documents"), ("--crosstab", "typology")])
def test_a_second_output_that_cannot_be_written_is_refused_before_the_first_is_written(folder, tmp_path, capsys, option, command):
    (tmp_path / "taken").mkdir()
    main_output = tmp_path / "main.csv"
    run_refused([command, str(folder), "-o", str(main_output), option, str(tmp_path / "taken")], capsys,
                f"{re.escape(str(tmp_path / 'taken'))}: cannot write \\(Is a directory\\)")
    assert not main_output.exists()


# ---------------------------------------------------------------- one text listed twice; names that give no id

COMPILATION = "篇一:甲方案\n" + GOOD_PLAN + "篇二:乙方案\n" + GOOD_PLAN


@pytest.mark.parametrize(("rows", "message"), [
    ("h,h.txt,\nh2,./h.txt,\n",
     "manifest lists h.txt (without a part) for both 'h' (line 3) and 'h2' (line 4, as ./h.txt); each document needs a file or part of its own"),
    ("c1,c.txt,篇一\nall,c.txt,\n",
     "manifest lists c.txt whole for 'all' (line 4) and its part '篇一' for 'c1' (line 3): read whole, the file holds the text of its parts; "
     "list the file without parts, or each of its parts"),
    ("m,manifest.csv,\n", "manifest line 3 names 'manifest.csv', the manifest itself, for 'm': a manifest is no plan; name the plan's file"),
], ids=["one file spelled two ways", "a file whole and a part of it", "the manifest itself"])
def test_a_manifest_that_gives_one_text_to_two_documents_or_names_itself_is_refused_in_one_line(folder, tmp_path, capsys, rows, message):
    # ./h.txt was read as a second copy of h.txt; the file whole beside its part 篇一 read 篇一 twice, and the warning said
    # that 篇二, which the whole file holds, was not read; the manifest was read as a plan, with a warning only.
    (folder / "h.txt").write_text(GOOD_PLAN, encoding="utf-8")
    (folder / "c.txt").write_text(COMPILATION, encoding="utf-8")
    (folder / "manifest.csv").write_text("doc_id,source_file,part\ngood,good.txt,\n" + rows, encoding="utf-8")
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, re.escape(f"{folder / 'manifest.csv'}: {message}"))


@pytest.mark.parametrize("name", [" .txt", "\u3000.txt", "  .md"])
def test_a_file_name_of_spaces_before_its_suffix_is_refused_in_one_line(folder, tmp_path, capsys, name):
    # Its id would be spaces, which --docs and DOC_ID, stripping what is typed, cannot name.
    (folder / name).write_text(GOOD_PLAN, encoding="utf-8")
    message = "the file name gives an empty doc_id (it has only spaces before its suffix); rename the file, or give it a doc_id in a manifest"
    run_refused(["documents", str(folder), "-o", str(tmp_path / "d.csv")], capsys, re.escape(f"{folder / name}: {message}"))
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(f'{folder / name}: {message}')}$"):
        pc.load_document(folder / name)
