import os
import re
import warnings
from pathlib import Path

import pytest
from conftest import plan_page, write_pdf

import policycompare as pc
from policycompare import PolicyCompareError
from policycompare.cli import main
from policycompare.corpus import MANIFEST_COLUMNS, bundled_corpus_path

REGIONS = ["huaxi", "yinchuan", "anning", "qixing"]
NEEDS_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are made with os.mkfifo")


def test_bundled_corpus_has_fourteen_documents_with_metadata(corpus):
    docs = corpus.documents
    assert list(docs["doc_id"]) == REGIONS + [f"collection-{i:02d}" for i in range(1, 11)]
    assert set(MANIFEST_COLUMNS) <= set(docs.columns)
    regional = docs.set_index("doc_id").loc[REGIONS]
    assert list(regional["region_zh"]) == ["花溪区", "银川市", "安宁市", "七星区"]
    assert list(regional["province"]) == ["贵州省", "宁夏回族自治区", "云南省", "广西壮族自治区"]
    assert regional.loc["qixing", "doc_number"] == "星政发〔2024〕4号"
    assert regional.loc["yinchuan", "date"] == "2023-04-27"


def test_documents_table_counts(corpus):
    docs = corpus.documents.set_index("doc_id")
    assert docs.loc["huaxi", "n_chars"] == len(corpus["huaxi"].text)
    assert docs.loc["huaxi", "n_edits"] == 0
    assert (docs["encoding"] == "utf-8").all()


def test_yinchuan_spam_is_restored_and_recorded(corpus):
    doc = corpus["yinchuan"]
    assert "必威体育" in doc.raw and "必威体育" not in doc.text
    assert doc.text.count("宁夏回族自治区") == 2
    assert doc.text.startswith("\n\n\n银川市教育局等八部门关于印发《银川市县域普通高中")
    record = doc.cleaning
    restored = record[record["reason"].str.startswith("declared correction") & ~record["reason"].str.endswith("(header metadata)")]
    # 17 in the raw page: 12 in the text, 4 in header lines kept as metadata, 1 in the breadcrumb.
    assert doc.raw.count("必威体育") == 17
    assert len(restored) == 12
    assert set(restored["replacement"]) == {"银川市", "宁夏回族自治区"}
    in_header = record[record["reason"] == "declared correction: 必威体育 → 银川市 (header metadata)"]
    assert len(in_header) == 4
    assert all(doc.raw[a:b] == "必威体育" for a, b in zip(in_header["raw_start"], in_header["raw_end"]))
    # The header rows follow the edits of the text, which still account for every raw character.
    assert record["reason"].tolist()[len(doc.edits):] == in_header["reason"].tolist()


def test_yinchuan_chrome_and_header(corpus):
    doc = corpus["yinchuan"]
    for chrome in ("无障碍", "当前位置", "扫一扫在手机打开当前页", "索 引 号"):
        assert chrome not in doc.text
    assert doc.metadata["header"]["索引号"] == "116401000100860987/2023-00181"
    header = doc.metadata["header"]
    assert (header["发布机构"], header["责任部门"]) == ("银川市教育局", "银川市教育局")
    assert header["名称"] == "银川市教育局等八部门关于印发《银川市县域普通高中发展提升三年行动实施方案(2023-2025)》的通知"
    assert not any("必威" in value for value in header.values())


def test_anning_footer_is_dropped(corpus):
    doc = corpus["anning"]
    assert "相关文件解读" in doc.raw and "相关文件解读" not in doc.text
    assert list(doc.cleaning["reason"]) == ["web page chrome: related-links footer"]


def test_compilation_is_split_into_ten_parts_covering_the_file(corpus):
    source = (bundled_corpus_path() / "collection.txt").read_text(encoding="utf-8")
    parts = [corpus[f"collection-{i:02d}"] for i in range(1, 11)]
    assert "".join(doc.raw for doc in parts) == source
    assert [doc.source_start for doc in parts] == sorted(doc.source_start for doc in parts)
    for number, doc in zip("一二三四五六七八九十", parts):
        assert doc.text.startswith(f"篇{number}:学校教育高质量发展方案")
    preamble = parts[0].cleaning.iloc[0]
    assert (preamble["reason"], preamble["raw_start"]) == ("compilation preamble", 0)
    assert "下面是小编为大家整理的" in preamble["removed"]
    assert "推荐访问" not in parts[-1].text


def test_the_documents_table_gives_where_each_part_starts_in_its_file(corpus):
    documents = corpus.documents.set_index("doc_id")
    parts = [f"collection-{i:02d}" for i in range(1, 11)]
    assert documents.loc[REGIONS, "source_start"].tolist() == [0] * 4
    assert documents.loc[parts, "source_start"].tolist() == [corpus[doc_id].source_start for doc_id in parts]
    # The parts' raw texts tile the file: each starts where the one before ends.
    ends = (documents.loc[parts, "source_start"] + documents.loc[parts, "n_raw_chars"]).tolist()
    assert documents.loc[parts[1:], "source_start"].tolist() == ends[:-1] and ends[-1] == len(corpus["collection-10"].raw) + corpus["collection-10"].source_start


def test_every_measure_is_traced_to_its_file_from_the_tables_the_cli_writes(corpus, tmp_path, capsys):
    import pandas as pd

    assert main(["documents", "-o", str(tmp_path / "documents.csv")]) == 0
    assert main(["measures", "-o", str(tmp_path / "measures.csv")]) == 0
    capsys.readouterr()
    documents = pd.read_csv(tmp_path / "documents.csv", encoding="utf-8-sig", keep_default_na=False).set_index("doc_id")
    measures = pd.read_csv(tmp_path / "measures.csv", encoding="utf-8-sig", keep_default_na=False)
    files = {name: (bundled_corpus_path() / name).read_text(encoding="utf-8") for name in set(documents["source_file"])}
    for row in measures.itertuples():
        doc, at = corpus[row.doc_id], documents.loc[row.doc_id, "source_start"]
        source = files[documents.loc[row.doc_id, "source_file"]]
        assert source[at + row.raw_start:at + row.raw_end] == doc.raw[row.raw_start:row.raw_end]
    # collection-03's first section: raw_start 204 of its part, which starts at 11466 in collection.txt.
    row = measures.set_index("measure_id").loc["collection-03:1"]
    at = documents.loc["collection-03", "source_start"]
    assert (row["raw_start"], at) == (204, 11466)
    assert files["collection.txt"][at + row["raw_start"]:].startswith(row["text"].strip()[:10])


def test_compilation_line_breaks_are_joined(corpus):
    text = corpus["collection-02"].text
    assert "改进学校体育" in text and "不断提高\n" not in text
    assert "不断提高学校德育工作的针对性和有效性" in text


def test_a_correction_cut_over_two_lines_of_a_pdf_text_is_applied(tmp_path):
    plan = "一、总体要求\n为推进教育高质量发展，全面提高教育质量，结合必威\n体育实际，特制定本实施方案。\n"
    (tmp_path / "plan.txt").write_text(plan, encoding="utf-8")
    write_manifest(tmp_path, "doc_id,source_file,corrections,line_breaks\nplan,plan.txt,必威体育=>银川市,join\n")
    doc = pc.load_corpus(tmp_path)["plan"]
    assert doc.text == "一、总体要求\n为推进教育高质量发展，全面提高教育质量，结合银川市实际，特制定本实施方案。\n"
    assert doc.cleaning[["removed", "replacement", "reason"]].values.tolist() == [["必威\n体育", "银川市", "declared correction: 必威体育 → 银川市"]]
    start = doc.text.index("银川市")
    assert doc.raw[slice(*doc.to_raw(start, start + 3))] == "必威\n体育"


def test_header_metadata_is_corrected_in_a_document_from_text():
    doc = pc.load_document_from_text("发布机构:必威体育教育局\n一、总体要求", doc_id="page", corrections=[("必威体育", "银川市")])
    assert (doc.text, doc.metadata["header"]) == ("一、总体要求", {"发布机构": "银川市教育局"})
    assert doc.cleaning[["raw_start", "raw_end", "removed", "replacement", "reason"]].values.tolist() == [
        [0, 13, "发布机构:必威体育教育局\n", "", "web page header block (kept as metadata)"],
        [5, 9, "必威体育", "银川市", "declared correction: 必威体育 → 银川市 (header metadata)"],
    ]


def test_to_raw_maps_back(corpus):
    doc = corpus["yinchuan"]
    start = doc.text.index("一、总体要求")
    raw_start, raw_end = doc.to_raw(start, start + 6)
    assert doc.raw[raw_start:raw_end] == "一、总体要求"
    offset = doc.text.index("银川市县域普通高中发展提升三年行动\n")
    raw_start, raw_end = doc.to_raw(offset, offset + 3)
    assert doc.raw[raw_start:raw_end] == "必威体育"


def test_getitem_unknown_id(corpus):
    with pytest.raises(KeyError, match=r"no document 'nanning' in the corpus \(did you mean 'anning'\?\); known ids: huaxi, yinchuan"):
        corpus["nanning"]


def test_an_id_that_does_not_read_as_one_is_quoted_among_the_known_ids():
    # Bare, " a" and "c,d" would read as "a" and as two ids; an id that reads as itself is shown as it is.
    corpus = pc.Corpus([pc.load_document_from_text("一、总体要求\n", doc_id=doc_id) for doc_id in (" a", "b", "c,d", "e f")])
    with pytest.raises(pc.UnknownIdError, match=r"^no document 'a' in the corpus; known ids: ' a', b, 'c,d', e f$"):
        corpus["a"]


@pytest.mark.parametrize("name, hint", [
    ("花溪区", "the plan of 花溪区 is 'huaxi'"),
    ("花溪", "the plan of 花溪 is 'huaxi'"),  # the ending 区 left out
    ("Qixing", "the plan of Qixing is 'qixing'"),  # region_en, in any case
    ("ＨＵＡＸＩ", "the plan of ＨＵＡＸＩ is 'huaxi'"),  # full-width Latin
])
def test_a_region_name_given_for_an_id_is_answered_with_the_id(corpus, name, hint):
    for call in (lambda: corpus[name], lambda: corpus.subset(["anning", name]), lambda: pc.align_measures(corpus, docs=["anning", name])):
        with pytest.raises(pc.UnknownIdError, match=rf"^no document '{name}' in the corpus \({hint}: documents are named by their ids\); known ids: huaxi, "):
            call()


def test_a_region_name_two_plans_share_names_both_and_a_name_no_plan_has_names_none():
    plans = pc.Corpus([pc.load_document_from_text("一、总体要求", doc_id=doc_id, metadata={"region_zh": region})
                       for doc_id, region in [("anning-2021", "安宁市"), ("anning-2024", "安宁市"), ("xx", "")]])
    with pytest.raises(pc.UnknownIdError, match=r"\(the plans of 安宁 are 'anning-2021', 'anning-2024': documents are named by their ids\)"):
        plans["安宁"]
    # An empty region names no plan, and one character is no region left without its ending.
    for name in ("", "市", "安"):
        with pytest.raises(pc.UnknownIdError) as raised:
            plans[name]
        assert "the plan" not in str(raised.value)


def test_subset_and_add(corpus):
    sub = corpus.subset(["qixing", "huaxi"])
    assert sub.doc_ids == ["qixing", "huaxi"]
    draft = pc.load_document_from_text("一、总体要求\n（一）加强领导。", doc_id="draft")
    assert sub.add(draft).doc_ids == ["qixing", "huaxi", "draft"]
    with pytest.raises(PolicyCompareError, match="duplicate doc_id 'huaxi'"):
        sub.add(corpus["huaxi"])
    with pytest.raises(PolicyCompareError, match=r"^doc_ids lists 'huaxi' more than once; give each document once$"):
        corpus.subset(["huaxi", "anning", "huaxi"])


def test_one_id_given_as_a_string_is_refused_as_such(corpus):
    with pytest.raises(TypeError, match=r"^doc_ids must be a list of document ids such as \['huaxi', 'yinchuan'\], not 'huaxi'$"):
        corpus.subset("huaxi")
    assert corpus.subset(iter(["anning", "huaxi"])).doc_ids == ["anning", "huaxi"]


def test_an_unknown_id_is_an_input_error_and_a_key_error(corpus):
    for call in (lambda: corpus["yinchaun"], lambda: corpus.subset(["huaxi", "yinchaun"])):
        with pytest.raises(pc.UnknownIdError) as raised:
            call()
        assert isinstance(raised.value, PolicyCompareError) and isinstance(raised.value, KeyError)
        # Shown as the message, not quoted as a key.
        assert str(raised.value).startswith("no document 'yinchaun' in the corpus (did you mean 'yinchuan'?)")


def test_repr_html_escapes(corpus):
    html = corpus._repr_html_()
    assert "<table" in html and "花溪区" in html
    doc = pc.load_document_from_text("一、总体要求<script>alert(1)</script>", doc_id="x")
    assert "<script>" not in doc._repr_html_()


def test_folder_without_manifest(plan_folder):
    corpus = pc.load_corpus(plan_folder)
    assert corpus.doc_ids == ["alpha", "beta"]
    assert list(corpus.documents["encoding"]) == ["utf-8", "gb18030"]
    assert "试验区" in corpus["beta"].text


def test_a_pdf_plan_loads_with_the_measures_of_the_same_plan_as_text(plan_folder, pdf_plan):
    pdf_plan.rename(plan_folder / "gamma.pdf")
    corpus = pc.load_corpus(plan_folder)
    assert corpus.doc_ids == ["alpha", "beta", "gamma"] and corpus["gamma"].encoding == "pdf"
    measures = pc.extract_measures(corpus).set_index("measure_id")
    alpha, gamma = measures[measures.doc_id == "alpha"], measures[measures.doc_id == "gamma"]
    assert [m.split(":")[1] for m in gamma.index] == [m.split(":")[1] for m in alpha.index]
    assert [t.replace("\n", "") for t in gamma.text] == [t.replace("\n", "") for t in alpha.text]
    # Page numbers and page breaks are in the cleaning record; each measure maps back into the PDF's text.
    cleaning = corpus["gamma"].cleaning
    assert cleaning[cleaning.reason == "page number (PDF)"]["removed"].tolist() == ["— 1 —\n", "— 2 —\n"]
    doc = corpus["gamma"]
    for measure_id, row in gamma.iterrows():
        start, end = doc.to_raw(row.start, row.end)
        assert re.sub(r"[\n\f]|— \d —", "", doc.raw[start:end]) == row.text.replace("\n", ""), measure_id


def test_the_broken_lines_of_a_pdf_are_joined_where_most_lines_end_a_sentence(tmp_path):
    # Four one-line paragraphs end in 。, so the text alone does not look broken; one paragraph runs over two lines.
    lines = [f"（{n}）加强教师队伍建设，落实县管校聘改革，完善教师补充机制。" for n in "一二三四"]
    wrapped = "（五）推进集团化办学，组建教育集团，由优质学校托管帮扶薄弱学校，扩大优质教育资源覆盖面，促进教育均衡发展。"
    write_pdf(tmp_path / "plan.pdf", ["\n".join([*lines, wrapped])])
    doc = pc.load_document(tmp_path / "plan.pdf")
    assert not pc.cleaning.detect_broken_lines(doc.raw)
    # Each paragraph ends where its last line stops short of the margin: an empty line marks it.
    assert doc.raw.replace("\n\n", "\n").count("\n") == 6
    assert [line for line in doc.text.splitlines() if line] == [*lines, wrapped]


def test_a_heading_without_a_full_stop_in_a_pdf_stays_the_heading_of_its_measure(tmp_path):
    paragraphs = ["一、总体要求", "（一）坚持立德树人根本任务全面推进素质教育改革发展", "为深入贯彻落实党的教育方针，加快教育现代化。",
                  "（二）坚持改革创新驱动全面提升普通高中办学质量水平", "以改革为动力推进普通高中多样化有特色发展。"]
    doc = pc.load_document(write_pdf(tmp_path / "plan.pdf", ["\n".join(paragraphs)]))
    headings = pc.extract_measures(doc).set_index("measure_id")["heading"]
    assert headings[["plan:1.1", "plan:1.2"]].tolist() == ["坚持立德树人根本任务全面推进素质教育改革发展", "坚持改革创新驱动全面提升普通高中办学质量水平"]


# Two columns as a gazette sets them. yinchuan: the right column of a page ends after four lines (the text
# runs on in the next page's columns); collection-04: spaced digits that justification spreads into gaps;
# huaxi and collection-06 fit on two pages, so their running header shows twice only.
@pytest.mark.parametrize(("doc_id", "columns", "header", "min_pages"), [
    ("huaxi", 1, "xx市人民政府办公室文件", 4),
    ("qixing", 1, "xx市人民政府办公室文件", 4),
    ("yinchuan", 2, "xx市人民政府公报", 3),
    ("qixing", 2, "xx市人民政府公报", 3),
    ("collection-04", 2, "xx市人民政府公报", 3),
    ("huaxi", 2, "xx市人民政府公报", 2),
    ("collection-06", 2, "xx市人民政府公报", 2),
])  # fmt: skip
def test_a_bundled_plan_printed_to_pdf_with_letterhead_and_page_numbers_gives_its_measures(corpus, tmp_path, doc_id, columns, header, min_pages):
    write_pdf(tmp_path / f"{doc_id}.pdf", [corpus[doc_id].text], header=header, footer="— {page} —", columns=columns)
    printed = pc.load_corpus(tmp_path)
    n_pages = printed[doc_id].raw.count("\f")
    assert n_pages >= min_pages
    assert printed[doc_id].cleaning.reason.value_counts()[["running page header (PDF)", "page number (PDF)"]].tolist() == [n_pages, n_pages]
    before = pc.extract_measures(corpus.subset([doc_id]))
    after = pc.extract_measures(printed)
    assert after.measure_id.tolist() == before.measure_id.tolist()
    assert ["".join(t.split()) for t in after.text] == ["".join(t.split()) for t in before.text]


def test_a_bundled_plan_saved_as_a_web_page_gives_its_measures(corpus, tmp_path):
    (tmp_path / "qixing.html").write_bytes(plan_page(corpus["qixing"].text).encode("gb18030"))
    with pytest.warns(pc.PolicyCompareWarning, match=r"qixing\.html: 64 of its \d+ characters are in the site's menus, link lists and footer"):
        saved = pc.load_corpus(tmp_path)
    assert saved["qixing"].metadata["header"]["发布机构"] == "示范区教育局"
    before, after = pc.extract_measures(corpus.subset(["qixing"])), pc.extract_measures(saved)
    assert after.measure_id.tolist() == before.measure_id.tolist()
    assert ["".join(t.split()) for t in after.text] == ["".join(t.split()) for t in before.text]


def test_pages_this_package_wrote_in_a_plan_folder_are_not_plans(plan_folder):
    from policycompare.report import render_page

    (plan_folder / "index.html").write_text(render_page("policycompare report", [("表", "<p>一、总体要求</p>")]), encoding="utf-8")
    (plan_folder / "report.html").write_text(render_page("Draft check: ding", []), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pc.load_corpus(plan_folder).doc_ids == ["alpha", "beta"]


@pytest.mark.parametrize("manifest", [None, "doc_id,source_file\nalpha,alpha.txt\nbeta,beta.txt\n"])
@pytest.mark.parametrize("name", ["README.md", "readme.md"])
def test_a_readme_in_a_plan_folder_describes_the_corpus_and_is_passed_over_without_a_warning(plan_folder, manifest, name):
    # As the bundled corpus has one: it is the corpus's documentation, not a plan (docs/corpus-format.md says so).
    (plan_folder / name).write_text("# 示范区的方案\n\n一、来源\n两份方案取自政府网站。\n", encoding="utf-8")
    if manifest:
        write_manifest(plan_folder, manifest)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pc.load_corpus(plan_folder).doc_ids == ["alpha", "beta"]


def test_plans_a_folder_cannot_read_are_named_in_a_warning_and_lock_files_are_not_plans(plan_folder):
    for name in ("gamma.doc", "delta.WPS", "epsilon.wps", "~$alpha.docx", "._alpha.txt", ".hidden.txt", "notes.csv"):
        (plan_folder / name).write_bytes(b"\x00\x01 not a plan")
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        corpus = pc.load_corpus(plan_folder)
    assert corpus.doc_ids == ["alpha", "beta"]
    # Every other document of the folder is named too: nothing is passed over without a word.
    assert sorted(str(w.message) for w in caught) == [
        f"{plan_folder}: skipped delta.WPS, epsilon.wps, gamma.doc: .doc and .wps files are not read; save the plans as .docx, .pdf or .txt",
        f"{plan_folder}: skipped notes.csv: only .txt, .md, .docx, .pdf and .html files are read as plans",
    ]


@pytest.mark.parametrize("name", ["Manifest.csv", "MANIFEST.CSV", "manifest.csv.txt"])
def test_a_manifest_named_in_another_case_or_with_a_hidden_suffix_is_refused(plan_folder, name):
    (plan_folder / name).write_text("doc_id,source_file\nx,alpha.txt\n", encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(plan_folder))}: {re.escape(name)} is not read as the manifest; rename it manifest\\.csv$"):
        pc.load_corpus(plan_folder)


@pytest.mark.parametrize(("make", "message"), [
    (lambda path: path.symlink_to("manifest.csv"), "symbolic link loop: the link leads back to itself"),
    (lambda path: path.symlink_to("moved.csv"), "broken symbolic link: its target 'moved.csv' does not exist"),
    (lambda path: path.mkdir(), "the manifest is a folder, not a file"),
])
def test_a_manifest_that_is_no_file_says_what_it_is_not_that_it_is_named_wrong(plan_folder, capsys, make, message):
    manifest = plan_folder / "manifest.csv"
    make(manifest)
    named = f"{manifest}: {message}"
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(named)}$"):
        pc.load_corpus(plan_folder)
    assert main(["documents", str(plan_folder), "-o", str(plan_folder / "d.csv")]) == 1
    assert capsys.readouterr().err == f"policycompare: error: {named}\n"


@pytest.mark.parametrize(("make", "problem"), [
    (lambda path: path.symlink_to("gamma.txt"), "{source}: symbolic link loop: the link leads back to itself"),
    (lambda path: path.symlink_to("moved.txt"), "{source}: broken symbolic link: its target 'moved.txt' does not exist"),
    (lambda path: path.mkdir(), "{manifest}: manifest names 'gamma.txt' for 'gamma', but it is a folder, not a file"),
    pytest.param(lambda path: os.mkfifo(path), "{manifest}: manifest names 'gamma.txt' for 'gamma', but it is a named pipe, socket or device, not a file",
                 marks=NEEDS_FIFO),
])
def test_a_manifest_source_that_is_no_file_says_what_it_is(plan_folder, make, problem):
    write_manifest(plan_folder, "doc_id,source_file\nalpha,alpha.txt\ngamma,gamma.txt\n")
    source = plan_folder / "gamma.txt"
    make(source)
    message = problem.format(source=source, manifest=plan_folder / "manifest.csv")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(message)}$"):
        pc.load_corpus(plan_folder)


@NEEDS_FIFO
def test_a_named_pipe_with_a_plan_name_is_skipped_as_no_regular_file(plan_folder):
    os.mkfifo(plan_folder / "gamma.txt")
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        assert pc.load_corpus(plan_folder).doc_ids == ["alpha", "beta"]
    assert [str(w.message) for w in caught] == [f"{plan_folder}: skipped gamma.txt: not a regular file (a named pipe, socket or device)"]


def test_plan_files_a_manifest_does_not_list_are_named_in_a_warning(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file\nalpha,alpha.txt\n")
    with pytest.warns(pc.PolicyCompareWarning, match=r"beta\.txt is not in manifest\.csv and was not read; add it to the manifest"):
        assert pc.load_corpus(plan_folder).doc_ids == ["alpha"]
    for n in range(6):
        (plan_folder / f"extra{n}.txt").write_text("一、总体要求\n", encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning, match=r"beta\.txt, extra0\.txt, extra1\.txt, extra2\.txt, extra3\.txt and 2 more are not in manifest\.csv and were not read"):
        pc.load_corpus(plan_folder)


def test_a_manifest_named_but_missing_is_an_error_not_a_folder_without_one(plan_folder):
    with pytest.raises(PolicyCompareError, match=r"no manifest 'meta\.cvs' in the folder"):
        pc.load_corpus(plan_folder, manifest="meta.cvs")
    assert pc.load_corpus(plan_folder).doc_ids == ["alpha", "beta"]  # the default name may be missing


def test_single_file_path(plan_folder):
    assert pc.load_corpus(plan_folder / "alpha.txt").doc_ids == ["alpha"]


def test_a_plan_file_is_read_through_its_folders_manifest(corpus):
    # Read alone, yinchuan.txt kept its spam (必威体育) and lost its region and title, and collection.txt was one plan.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yinchuan = pc.load_corpus(bundled_corpus_path() / "yinchuan.txt")
        collection = pc.load_corpus(bundled_corpus_path() / "collection.txt")
    assert yinchuan.doc_ids == ["yinchuan"]
    assert yinchuan["yinchuan"].text == corpus["yinchuan"].text and "必威体育" not in yinchuan["yinchuan"].text
    assert yinchuan["yinchuan"].metadata == corpus["yinchuan"].metadata
    parts = [f"collection-{i:02d}" for i in range(1, 11)]
    assert collection.doc_ids == parts
    assert [doc.text for doc in collection] == [corpus[doc_id].text for doc_id in parts]
    assert collection.documents.equals(corpus.subset(parts).documents.reset_index(drop=True))


def test_a_plan_file_its_folders_manifest_does_not_list_is_read_alone_with_a_warning(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file,region_zh\nalpha,alpha.txt,甲区\n")
    path = plan_folder / "beta.txt"
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        corpus = pc.load_corpus(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: not in manifest.csv, the manifest of its folder, so it is read alone, without metadata or declared corrections"]
    assert corpus.doc_ids == ["beta"] and corpus.read_warnings == (str(caught[0].message),)
    # A listed file is read as listed, without a word about the others.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pc.load_corpus(plan_folder / "alpha.txt")["alpha"].metadata["region_zh"] == "甲区"


def test_a_manifest_or_another_csv_file_given_as_the_corpus_is_refused(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file\nalpha,alpha.txt\n")
    manifest = plan_folder / "manifest.csv"
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(manifest))}: this is a manifest, not a plan: give its folder "
                                                 f"\\({re.escape(str(plan_folder))}\\) to read the plans it lists$"):
        pc.load_corpus(manifest)
    (plan_folder / "plans.csv").write_text("doc_id,source_file\nbeta,beta.txt\n", encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(plan_folder / 'plans.csv'))}: a \\.csv file is a table, not a plan: "
                                                 "give the folder of plans \\(its manifest\\.csv is read as the manifest\\)$"):
        pc.load_corpus(plan_folder / "plans.csv")


def test_a_manifest_correction_that_changes_nothing_is_named_in_a_warning(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file,corrections\n\nalpha,alpha.txt,示范区=>试点区; 不存在的词=>银川市\nbeta,beta.txt,\n")
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        corpus = pc.load_corpus(plan_folder)
    assert [str(w.message) for w in caught] == [
        f"{plan_folder / 'manifest.csv'}: manifest line 3 ('alpha'): correction 不存在的词=>银川市 changed nothing: '不存在的词' "
        "is not in the plan's text or header; correct it or delete it"]
    assert "试点区" in corpus["alpha"].text and "示范区" not in corpus["alpha"].text
    # The bundled Yinchuan page's corrections each change its text or header: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pc.load_corpus()


def test_a_manifest_names_the_line_of_the_file_after_blank_lines_and_values_over_two_lines(plan_folder):
    write_manifest(plan_folder, 'doc_id,source_file,title,date\n\nalpha,alpha.txt,"甲区\n方案",2023\nbeta,beta.txt,,bad-date\n')
    with pytest.warns(pc.PolicyCompareWarning, match=r"manifest\.csv: manifest line 5 \('beta'\): date 'bad-date' is no date") as caught:
        pc.load_corpus(plan_folder)
    assert len(caught) == 1
    write_manifest(plan_folder, "doc_id,source_file\nalpha,alpha.txt\n\n,beta.txt\n")
    with pytest.raises(PolicyCompareError, match=r"manifest\.csv: manifest line 4 has no doc_id$"):
        pc.load_corpus(plan_folder)


def test_a_manifest_value_is_read_without_the_spaces_around_it(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file\n alpha , alpha.txt \nbeta,beta.txt\n")
    corpus = pc.load_corpus(plan_folder)
    assert corpus.doc_ids == ["alpha", "beta"] and corpus["alpha"].metadata["source_file"] == "alpha.txt"


def test_a_draft_saved_in_the_folder_draws_no_warning_that_the_manifest_lacks_it(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file\nalpha,alpha.txt\n")
    (plan_folder / "草案.txt").write_text("一、总体要求\n（一）加强领导。\n", encoding="utf-8")
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        assert pc.load_corpus(plan_folder, drafts=[plan_folder / "草案.txt"]).doc_ids == ["alpha"]
    assert [str(w.message) for w in caught] == [f"{plan_folder}: beta.txt is not in manifest.csv and was not read; add it to the manifest"]
    with pytest.raises(TypeError, match=r"^drafts must be a list of file paths such as \['草案\.txt'\], not '草案\.txt'$"):
        pc.load_corpus(plan_folder, drafts="草案.txt")


def write_manifest(folder, text):
    (folder / "manifest.csv").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("doc_id,source_file\nalpha,alpha.txt\nalpha,beta.txt\n", "manifest holds the doc_id 'alpha' twice"),
        ("doc_id,source_file\nalpha,gamma.txt\n", "manifest names 'gamma.txt' for 'alpha', but there is no such file"),
        ("doc_id,source_file,regoin_zh\nalpha,alpha.txt,花溪区\n", "manifest column 'regoin_zh' is not 'region_zh'; correct its name, "),
        ("doc_id,source_file,n_chars\nalpha,alpha.txt,5\n", "manifest column 'n_chars' is computed from the plans "),
        ("doc_id\nalpha\n", "manifest lacks the required column 'source_file'"),
        ("doc_id,source_file\n,alpha.txt\n", "manifest line 2 has no doc_id"),
        ("doc_id,source_file,line_breaks\nalpha,alpha.txt,merge\n", "alpha: line_breaks is 'merge'; allowed: auto, join, keep"),
        ("doc_id,source_file,corrections\nalpha,alpha.txt,示范区\n", "alpha: correction '示范区' is not of the form wrong=>right"),
        ("doc_id,source_file\n", "manifest lists no documents"),
        ("doc_id,source_file,part\nc1,alpha.txt,篇一\nc2,alpha.txt,篇一\n",
         "manifest lists part '篇一' of alpha.txt for both 'c1' (line 2) and 'c2' (line 3); each document needs a file or part of its own"),
        ("doc_id,source_file\nalpha,alpha.txt\nalpha2,alpha.txt\n",
         "manifest lists alpha.txt (without a part) for both 'alpha' (line 2) and 'alpha2' (line 3); each document needs a file or part of its own"),
        # One file, however the manifest spells it; a file whole beside a part of it would give the part's text twice.
        ("doc_id,source_file\nalpha,alpha.txt\nbeta,beta.txt\nalpha2,./alpha.txt\n",
         "manifest lists alpha.txt (without a part) for both 'alpha' (line 2) and 'alpha2' (line 4, as ./alpha.txt); "
         "each document needs a file or part of its own"),
        ("doc_id,source_file,part\nc1,alpha.txt,篇一\nc2,sub/../alpha.txt,篇一\n",
         "manifest lists part '篇一' of alpha.txt for both 'c1' (line 2) and 'c2' (line 3, as sub/../alpha.txt); "
         "each document needs a file or part of its own"),
        ("doc_id,source_file,part\nc1,alpha.txt,篇一\nall,./alpha.txt,\n",
         "manifest lists ./alpha.txt whole for 'all' (line 3) and its part '篇一' for 'c1' (line 2): read whole, the file holds the "
         "text of its parts; list the file without parts, or each of its parts"),
        ("doc_id,source_file,part\nall,alpha.txt,\nc1,alpha.txt,篇一\n",
         "manifest lists alpha.txt whole for 'all' (line 2) and its part '篇一' for 'c1' (line 3): read whole, the file holds the "
         "text of its parts; list the file without parts, or each of its parts"),
        ("doc_id,source_file\nalpha,alpha.txt\nm,manifest.csv\n",
         "manifest line 3 names 'manifest.csv', the manifest itself, for 'm': a manifest is no plan; name the plan's file"),
        ("doc_id,source_file,source_file\nalpha,alpha.txt,beta.txt\n", "manifest has the column 'source_file' twice; keep one"),
        ("doc_id,source_file\nalpha,alpha.txt\nbeta\n", "manifest line 3 has 1 cell but the header has 2; give each row doc_id and source_file"),
        ("doc_id;source_file\nalpha;alpha.txt\n", "manifest must be comma-separated, but its header line is separated by semicolons; save it as CSV with commas"),
        ("doc_id\tsource_file\nalpha\talpha.txt\n", "manifest must be comma-separated, but its header line is separated by tabs; save it as CSV with commas"),
        ("doc_id,source_file\nalpha,Alpha.TXT\n", "manifest names 'Alpha.TXT' for 'alpha', but there is no such file (did you mean 'alpha.txt'?)"),
        ('doc_id,source_file,title\nalpha,alpha.txt,"甲区\n方案",第二版\n', "manifest line 2 has 4 cells but the header has 3; put a value that holds a comma in double quotes"),
        ("doc_id,source_file\nalpha,../alpha.txt\n", "manifest names '../alpha.txt' for 'alpha', outside the manifest's folder; put the file in the folder (or a subfolder) and name it from there"),
        ("doc_id,source_file\nalpha,/etc/hostname\n", "manifest names '/etc/hostname' for 'alpha', outside the manifest's folder; put the file in the folder (or a subfolder) and name it from there"),
    ],
)
def test_bad_manifest_is_refused_naming_it(plan_folder, manifest, message):
    write_manifest(plan_folder, manifest)
    with pytest.raises(PolicyCompareError, match=re.escape(f"manifest.csv: {message}")):
        pc.load_corpus(plan_folder)


def test_manifest_columns_of_ones_own_are_kept_in_the_documents_table_and_group_plans(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file,region_zh,region_group,plan_type\nalpha,alpha.txt,甲区,西部,三年行动\nbeta,beta.txt,乙区,东部,\n")
    corpus = pc.load_corpus(plan_folder)
    documents = corpus.documents
    columns = list(documents.columns)
    assert columns[columns.index("line_breaks") + 1:columns.index("n_chars")] == ["region_group", "plan_type"]
    assert documents[["doc_id", "region_group", "plan_type"]].values.tolist() == [["alpha", "西部", "三年行动"], ["beta", "东部", ""]]
    assert corpus["alpha"].metadata["region_group"] == "西部"
    distinctive = pc.compute_distinctive_terms(corpus, groups="region_group", min_count=1)
    assert set(distinctive["group"]) == {"西部", "东部"}


def test_manifest_part_marker_missing(plan_folder):
    write_manifest(plan_folder, "doc_id,source_file,part\na,alpha.txt,篇一\n")
    with pytest.raises(PolicyCompareError, match=r"alpha\.txt: part marker '篇一' \(from the manifest\) not found"):
        pc.load_corpus(plan_folder)


# ---------------------------------------------------------------- compilations with a contents list

JIA = "篇一:甲方案\n一、总体要求\n（一）甲县新建学校3所。\n"
YI = "篇二:乙方案\n一、总体要求\n（一）乙县新增学位4500个。\n"


def write_compilation(folder, text, parts=("篇一", "篇二")):
    (folder / "comp.txt").write_text(text, encoding="utf-8")
    write_manifest(folder, "doc_id,source_file,part\n" + "".join(f"c{k},comp.txt,{part}\n" for k, part in enumerate(parts, start=1)))


@pytest.mark.parametrize("contents", [
    "目录\n篇一:甲方案\n篇二:乙方案\n\n",
    "汇编\n目录\n　篇一：甲方案……1\n\n　篇二：乙方案……2\n\n汇编正文\n",
])
def test_a_contents_list_of_the_parts_is_preamble_and_each_part_starts_at_its_text(tmp_path, contents):
    write_compilation(tmp_path, contents + JIA + YI)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = pc.load_corpus(tmp_path)
    assert [(doc.doc_id, doc.text) for doc in corpus] == [("c1", JIA), ("c2", YI)]
    assert [doc.source_start for doc in corpus] == [0, len(contents + JIA)]
    assert "".join(doc.raw for doc in corpus) == contents + JIA + YI
    preamble = corpus["c1"].cleaning.iloc[0]
    assert (preamble["reason"], preamble["raw_start"], preamble["removed"]) == ("compilation preamble", 0, contents)


def test_a_contents_list_after_the_parts_stays_in_the_last_part(tmp_path):
    contents = "\n目录\n篇一:甲方案\n篇二:乙方案\n"
    write_compilation(tmp_path, JIA + YI + contents)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = pc.load_corpus(tmp_path)
    assert [doc.text for doc in corpus] == [JIA, YI + contents]


def test_the_bundled_compilation_with_a_contents_list_splits_as_without_it(corpus, tmp_path):
    source = (bundled_corpus_path() / "collection.txt").read_text(encoding="utf-8")
    contents = "目录\n" + "".join(f"篇{number}:学校教育高质量发展方案\n" for number in "一二三四五六七八九十") + "\n"
    first = source.index("学校教育高质量发展方案10篇\n\n篇一")
    (tmp_path / "collection.txt").write_text(source[:first] + contents + source[first:], encoding="utf-8")
    manifest = (bundled_corpus_path() / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    write_manifest(tmp_path, manifest[0] + "".join(line for line in manifest if ",collection.txt," in line))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = pc.load_corpus(tmp_path)
    ids = [f"collection-{i:02d}" for i in range(1, 11)]
    assert loaded.doc_ids == ids
    assert [loaded[i].text for i in ids] == [corpus[i].text for i in ids]
    assert [loaded[i].raw for i in ids[1:]] == [corpus[i].raw for i in ids[1:]]
    assert contents in loaded["collection-01"].cleaning.iloc[0]["removed"]


def test_a_part_marker_at_the_start_of_a_line_of_another_part_is_named_in_a_warning(tmp_path):
    mention = "篇二:乙方案的做法见下。\n"
    write_compilation(tmp_path, JIA + mention + YI)
    path = tmp_path / "comp.txt"
    message = (f"{path}: part marker '篇二' starts lines 4 and 5, outside a contents list; the part is taken to start at line 5, "
               "the last that keeps the parts in order: check that the other lines start no part")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$") as caught:
        corpus = pc.load_corpus(tmp_path)
    assert [doc.text for doc in corpus] == [JIA + mention, YI]
    # Once for the file, not once for each of its parts.
    assert len(caught) == 1 and corpus.read_warnings == (message,)


def test_two_part_markers_that_start_one_line_are_refused(tmp_path):
    write_compilation(tmp_path, "目录\n" + JIA + YI.replace("篇二:", "篇一 :"), parts=("篇一", "篇一 "))
    with pytest.raises(PolicyCompareError, match=re.escape(f"{tmp_path / 'comp.txt'}: part markers '篇一' and '篇一 ' (from the manifest) both start line 5; "
                                                           "give each part a marker of its own")):
        pc.load_corpus(tmp_path)


def test_a_part_marker_found_only_in_the_contents_list_is_named_in_a_warning(tmp_path):
    write_compilation(tmp_path, "目录\n篇一:甲方案\n篇二:乙方案\n篇三:丙方案\n\n" + JIA + YI + "丙方案\n（一）丙县。\n", parts=("篇一", "篇二", "篇三"))
    message = (f"{tmp_path / 'comp.txt'}: part marker '篇三' starts only line 4, a line of a contents list, not the text of its part; "
               "put the marker at the start of the part's first line")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        pc.load_corpus(tmp_path)


def test_part_markers_found_only_in_a_contents_list_are_refused(tmp_path):
    # The parts' own lines have no colon (篇一 甲方案): each part would be its contents line, the last all the text.
    write_compilation(tmp_path, "目录\n篇一:甲方案\n篇二:乙方案\n\n" + JIA.replace("篇一:", "篇一 ") + YI.replace("篇二:", "篇二 "))
    message = (f"{tmp_path / 'comp.txt'}: part markers '篇一', '篇二' (from the manifest) start only the lines of a contents list "
               "(lines 2–3), not their parts' text; put each marker, with its colon (篇一:), at the start of its part's first line")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(message)}$"):
        pc.load_corpus(tmp_path)

# ---------------------------------------------------------------- compilation parts a manifest leaves out

BING = "篇三:丙方案\n一、总体要求\n（一）丙县强化督导。\n"
PREAMBLE = "学校教育发展方案3篇\n"


@pytest.mark.parametrize(("listed", "left_out", "holder"), [
    (("篇二", "篇三"), "篇一", "c1"),  # before the first part listed: dropped after the preamble, not as preamble
    (("篇一", "篇三"), "篇二", "c1"),  # between two: never measures of the part before it
    (("篇一", "篇二"), "篇三", "c2"),  # after the last, on a line after the last's: the file's next plan, no annex
])
def test_a_part_the_manifest_leaves_out_is_named_in_a_warning_and_is_no_listed_parts_text(tmp_path, listed, left_out, holder):
    parts = {"篇一": JIA, "篇二": YI, "篇三": BING}
    write_compilation(tmp_path, PREAMBLE + JIA + YI + BING, parts=listed)
    line = (PREAMBLE + JIA + YI + BING).count("\n", 0, (PREAMBLE + JIA + YI + BING).index(f"{left_out}:")) + 1
    message = (f"{tmp_path / 'comp.txt'}: part {left_out} (line {line}) is not in manifest.csv and was not read (its text is in the "
               "cleaning record as a compilation part not in the manifest); add it to the manifest")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$"):
        corpus = pc.load_corpus(tmp_path)
    # Each listed part reads as it does when the manifest lists every part.
    write_compilation(tmp_path, PREAMBLE + JIA + YI + BING, parts=("篇一", "篇二", "篇三"))
    every = pc.load_corpus(tmp_path)
    assert [doc.text for doc in corpus] == [parts[part] for part in listed] == [every[f"c{'一二三'.index(p[1]) + 1}"].text for p in listed]
    assert pc.extract_measures(corpus)["text"].str.contains(parts[left_out].splitlines()[-1]).sum() == 0
    # The file is still all in the parts' raw texts, and the part left out in a record of its own.
    assert "".join(doc.raw for doc in corpus) == PREAMBLE + JIA + YI + BING
    record = corpus.cleaning
    assert record.loc[record["reason"] == f"compilation part not in the manifest: {left_out}", ["doc_id", "removed"]].values.tolist() == [
        [holder, parts[left_out]]]
    assert record.loc[record["reason"] == "compilation preamble", ["doc_id", "removed"]].values.tolist() == [["c1", PREAMBLE]]


@pytest.mark.parametrize(("listed", "named", "left_out"), [
    ("篇三", "篇一 (line 2), 篇二 (line 5)", ("篇一", "篇二")),
    ("篇二", "篇一 (line 2), 篇三 (line 8)", ("篇一", "篇三")),
], ids=["both before it", "one before it, one after it"])
def test_parts_a_manifest_leaves_out_are_named_once_for_their_file(tmp_path, listed, named, left_out):
    write_compilation(tmp_path, PREAMBLE + JIA + YI + BING, parts=(listed,))
    with pytest.warns(pc.PolicyCompareWarning) as caught:
        corpus = pc.load_corpus(tmp_path)
    assert [str(w.message) for w in caught] == [
        f"{tmp_path / 'comp.txt'}: parts {named} are not in manifest.csv and were not read (their text is in the "
        "cleaning record as a compilation part not in the manifest); add them to the manifest"]
    assert [doc.text for doc in corpus] == [{"篇二": YI, "篇三": BING}[listed]]
    assert corpus["c1"].cleaning["reason"].tolist() == [
        "compilation preamble", *(f"compilation part not in the manifest: {part}" for part in left_out)]


def test_the_parts_of_one_file_spelled_two_ways_in_the_manifest_are_the_parts_of_that_file(tmp_path):
    write_compilation(tmp_path, PREAMBLE + JIA + YI + BING, parts=("篇一", "篇二", "篇三"))
    expected = pc.load_corpus(tmp_path)
    (tmp_path / "sub").mkdir()
    write_manifest(tmp_path, "doc_id,source_file,part\nc1,comp.txt,篇一\nc2,./comp.txt,篇二\nc3,sub/../comp.txt,篇三\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no part is taken for one the manifest leaves out
        corpus = pc.load_corpus(tmp_path)
    assert [(doc.doc_id, doc.text, doc.source_start) for doc in corpus] == [(doc.doc_id, doc.text, doc.source_start) for doc in expected]


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b"],
                         ids=["CRLF", "CR", "line separator", "paragraph separator", "NEL", "vertical tab"])
def test_part_markers_start_a_line_whatever_ends_the_line_before(tmp_path, newline):
    # Cleaning reads a lone "\r" (an old Mac's), U+2028 or Word's vertical tab as a line break: so does the part finder.
    text = PREAMBLE + JIA + YI + BING
    write_compilation(tmp_path, text, parts=("篇一", "篇三"))
    expected_warning = (f"{tmp_path / 'comp.txt'}: part 篇二 (line 5) is not in manifest.csv and was not read (its text is in the "
                        "cleaning record as a compilation part not in the manifest); add it to the manifest")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(expected_warning)}$"):
        expected = pc.load_corpus(tmp_path)
    (tmp_path / "comp.txt").write_bytes(text.replace("\n", newline).encode("utf-8"))
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(expected_warning)}$"):
        corpus = pc.load_corpus(tmp_path)
    assert [(doc.doc_id, doc.text) for doc in corpus] == [(doc.doc_id, doc.text) for doc in expected] == [("c1", JIA), ("c2", BING)]
    assert "".join(doc.raw for doc in corpus) == text.replace("\n", newline)


@pytest.mark.parametrize(("marked", "shown"), [
    ("\u200b篇二:", "篇二:"), ("\ufeff篇二:", "篇二:"), ("篇\u200b二:", "篇二:"), ("\u2060 篇二\u00ad：", " 篇二："), ("\f篇二:", "篇二:"),
], ids=["zero-width space", "byte-order mark", "inside the marker", "word joiner, soft hyphen", "form feed"])
def test_a_part_marker_after_characters_cleaning_drops_at_a_line_start_is_found(tmp_path, marked, shown):
    yi = YI.replace("篇二:", marked)
    write_compilation(tmp_path, PREAMBLE + JIA + yi + BING, parts=("篇一", "篇二", "篇三"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = pc.load_corpus(tmp_path)
    assert [doc.raw for doc in corpus] == [PREAMBLE + JIA, yi, BING]
    assert corpus["c2"].text == YI.replace("篇二:", shown)


# 附件1 lists its own annex, 附件3, which the compilation prints after it, before the next part it holds, 附件2.
ANNEX_ONE = "附件1：甲方案\n一、总体要求\n（一）甲县新建学校3所。具体任务见附件3。\n"
ANNEX_THREE = "附件3：重点任务分工表\n1.实施强师工程，县教育局负责。\n2.实施校舍改造工程，县财政局负责。\n"
ANNEX_TWO = "附件2：乙方案\n一、总体要求\n（一）乙县新增学位4500个。\n"


@pytest.mark.parametrize(("text", "parts", "holder", "line", "last"), [
    (ANNEX_ONE + ANNEX_THREE + ANNEX_TWO, ("附件1", "附件2"), "附件1", 4, "附件2"),
    (PREAMBLE + JIA + BING + YI, ("篇一", "篇二"), "篇一", 5, "篇二"),
], ids=["an annex", "a marker of another kind of text"])
def test_a_marker_numbered_after_every_listed_part_before_the_last_ones_line_is_read_as_part_of_the_part_it_is_in(
        tmp_path, text, parts, holder, line, last):
    # Out of sequence, inside an earlier part: a listed part's own annex (附件3 in 附件1's text, before 附件2) is that
    # part's text. The warning says so, and to list it if it is a plan of its own. Markers numbered before or between the
    # listed ones, or after the last on a line after the last's, are parts left out (see above and below).
    write_compilation(tmp_path, text, parts=parts)
    marker = "附件3" if "附件3" in text else "篇三"
    message = (f"{tmp_path / 'comp.txt'}: {marker} (line {line}) is read as part of {holder}, the part before it: its number comes after "
               f"that of the last part of its kind in manifest.csv ({last}); list it in manifest.csv if it is a plan of its own")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$") as caught:
        corpus = pc.load_corpus(tmp_path)
    assert len(caught) == 1
    assert "".join(doc.raw for doc in corpus) == text
    assert not corpus.cleaning["reason"].str.startswith("compilation part not in the manifest").any()
    annex = ANNEX_THREE if marker == "附件3" else BING
    assert corpus[f"c{parts.index(holder) + 1}"].text.count(annex) == 1
    assert pc.extract_measures(corpus)["text"].str.contains(annex.splitlines()[-1]).sum() == 1


DING = "篇四:丁方案\n一、总体要求\n（一）丁县改善办学条件。\n"


@pytest.mark.parametrize(("text", "parts", "named", "left_out"), [
    (ANNEX_ONE + ANNEX_TWO + ANNEX_THREE, ("附件1", "附件2"), "part 附件3 (line 7) is", {"附件3": ANNEX_THREE}),
    (PREAMBLE + JIA + YI + BING + DING, ("篇一", "篇二"), "parts 篇三 (line 8), 篇四 (line 11) are", {"篇三": BING, "篇四": DING}),
], ids=["in the last part", "the parts after the last"])
def test_markers_numbered_after_every_listed_part_after_the_last_ones_line_are_parts_left_out(tmp_path, text, parts, named, left_out):
    # In sequence, after the last listed part: the file's next plans, not that part's annexes, so that a manifest may list
    # the leading parts of a compilation alone. Read into 篇二, 篇三 and 篇四 made it 13 measures with numbering warnings.
    write_compilation(tmp_path, text, parts=parts)
    one = len(left_out) == 1
    message = (f"{tmp_path / 'comp.txt'}: {named} not in manifest.csv and {'was' if one else 'were'} not read ({'its' if one else 'their'} "
               f"text is in the cleaning record as a compilation part not in the manifest); add {'it' if one else 'them'} to the manifest")
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(message)}$") as caught:
        corpus = pc.load_corpus(tmp_path)
    assert len(caught) == 1
    assert "".join(doc.raw for doc in corpus) == text
    assert [doc.text for doc in corpus] == ([ANNEX_ONE, ANNEX_TWO] if "附件" in parts[0] else [JIA, YI])
    record = corpus.cleaning
    assert record.loc[record["reason"].str.startswith("compilation part not in the manifest"), ["doc_id", "reason", "removed"]].values.tolist() == [
        ["c2", f"compilation part not in the manifest: {part}", removed] for part, removed in left_out.items()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        measures = pc.extract_measures(corpus)
    # Each listed part's measures are those it has when the manifest lists every part.
    write_compilation(tmp_path, text, parts=parts + tuple(left_out))
    every = pc.extract_measures(pc.load_corpus(tmp_path))
    assert measures[["doc_id", "text"]].values.tolist() == every.loc[every["doc_id"].isin(["c1", "c2"]), ["doc_id", "text"]].values.tolist()
    assert len(measures) == 6


@pytest.mark.parametrize("body", [JIA + YI + BING, YI + BING], ids=["with its text", "in the contents only"])
def test_a_contents_list_that_names_a_part_the_manifest_leaves_out_is_preamble(tmp_path, body):
    contents = "目录\n篇一:甲方案\n篇二:乙方案\n篇三:丙方案\n\n"
    write_compilation(tmp_path, contents + body, parts=("篇二", "篇三"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = pc.load_corpus(tmp_path)
    # The contents line of 篇一 starts no part: only its text's line does, where there is one.
    assert [str(w.message) for w in caught] == [
        f"{tmp_path / 'comp.txt'}: part 篇一 (line 6) is not in manifest.csv and was not read (its text is in the cleaning record as a "
        "compilation part not in the manifest); add it to the manifest"] * (JIA in body)
    assert [doc.text for doc in corpus] == [YI, BING]
    assert corpus.cleaning[["doc_id", "reason", "removed"]].values.tolist() == [["c1", "compilation preamble", contents]] + [
        ["c1", "compilation part not in the manifest: 篇一", JIA]] * (JIA in body)


def test_manifest_dates_are_written_in_one_form_with_ascii_digits(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(JIA.replace("篇一:", ""), encoding="utf-8")
    write_manifest(tmp_path, "doc_id,source_file,date,period\na,a.txt,２０２３年４月２７日,２０２３-２０２５\n"
                             "b,b.txt,2023.4.7,2023~２０２５\nc,c.txt,٢٠٢٣,\n")
    with pytest.warns(pc.PolicyCompareWarning, match=r"manifest line 4 \('c'\): date '٢٠٢٣' is no date of the forms YYYY") as shown:
        corpus = pc.load_corpus(tmp_path)
    assert len(shown) == 1
    assert corpus.documents[["date", "period"]].values.tolist() == [["2023-04-27", "2023-2025"], ["2023-04-07", "2023-2025"], ["٢٠٢٣", ""]]


def _write_dated_plans(folder, columns, rows):
    """A plan for each of ``rows`` (its doc id, then a value for each of ``columns``, then anything else), and their manifest."""
    for doc_id, *_ in rows:
        (folder / f"{doc_id}.txt").write_text(JIA.replace("篇一:", ""), encoding="utf-8")
    values = ("".join(f",{value}" for value in row[1:1 + len(columns)]) for row in rows)
    write_manifest(folder, f"doc_id,source_file,{','.join(columns)}\n" + "".join(f"{row[0]},{row[0]}.txt{cells}\n" for row, cells in zip(rows, values)))


def test_manifest_dates_of_the_republic_of_china_calendar_are_written_in_gregorian_years(tmp_path):
    # Taiwan's documents date themselves in years of the Republic (民國112年 = 2023) and school years (112學年度, from
    # August 2023 to July 2024, as extract_dates reads them); these were kept as written and left out of the timeline.
    rows = [
        ("a", "民國112年8月1日", "民國112年至115年"),
        ("b", "中華民國112年", "112至115學年度"),
        ("c", "民國一一二年八月", "民国112至115年"),
        ("d", "中華民國一百十二年九月三十日", "112學年度"),
        ("e", "民國 １１２ 年 ８ 月 １ 日", "中華民國112年至中華民國115年"),
        ("f", "2023/4/27", "民國112年"),
    ]
    _write_dated_plans(tmp_path, ("date", "period"), rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error", pc.PolicyCompareWarning)
        corpus = pc.load_corpus(tmp_path)
    assert corpus.documents[["date", "period"]].values.tolist() == [
        ["2023-08-01", "2023-2026"],
        # School years run from August to July: the period is given to the month.
        ["2023", "2023-08/2027-07"],
        ["2023-08", "2023-2026"],
        ["2023-09-30", "2023-08/2024-07"],
        ["2023-08-01", "2023-2026"],
        ["2023-04-27", "2023"],
    ]


def test_manifest_dates_of_the_republic_without_min_guo_or_of_no_calendar_date_are_named_in_a_warning(tmp_path):
    # 112-08-01 may be a year of the Republic or a typing slip: without 民國 or 學年度 it is not read.
    rows = [
        ("a", "112-08-01", "112-115"),
        ("b", "112/8/1", "99學年度"),
        ("c", "112年8月1日", "112年至115年"),
        ("d", "民國112年2月30日", "112學年度起"),
        ("e", "民國500年", "民國112年8月"),
        ("f", "112學年度", "112至115年"),
    ]
    _write_dated_plans(tmp_path, ("date", "period"), rows)
    with pytest.warns(pc.PolicyCompareWarning) as shown:
        corpus = pc.load_corpus(tmp_path)
    said = [str(w.message) for w in shown]
    assert [re.search(r"line (\d) \('(\w)'\): (date|period) '(.*?)' is no", message).groups() for message in said] == [
        (str(k + 2), doc_id, column, value) for k, (doc_id, date, period) in enumerate(rows) for column, value in (("date", date), ("period", period))
    ]
    assert said[0].endswith("(2023/4/27 and 2023年4月27日 are read too, and a date of the Republic of China with its 民國: 民國112年4月27日); "
                            "it is kept as written, and the timeline leaves it out")
    assert said[1].endswith("(2023年至2025年 and 2023年8月至2025年7月 are read too, and years of the Republic of China with their 民國 "
                            "or 學年度: 民國112年至114年, 民國112年8月至114年7月, 112至114學年度); it is kept as written, and the timeline leaves it out")
    assert corpus.documents[["date", "period"]].values.tolist() == [[date, period] for _, date, period in rows]


def test_manifest_periods_given_to_the_month_are_read_as_the_timeline_draws_them(tmp_path):
    # 民國112年8月至115年7月 is how a Taiwan plan writes a period of school years by its months, and extract_dates
    # reads it in a plan's text; a manifest refused it. The table's own form (2023-08/2026-07) reads as itself.
    rows = [
        ("a", "民國112年8月至115年7月", "2023-08/2026-07"),
        ("b", "中華民國一一二年八月至中華民國一一五年七月", "2023-08/2026-07"),
        ("c", "2023年8月至2026年7月", "2023-08/2026-07"),
        ("d", "２０２３年８月—２０２６年７月", "2023-08/2026-07"),
        # An end without its year is in the first's; an end without its month is the year's last month.
        ("e", "2023年8月至12月", "2023-08/2023-12"),
        ("f", "民國112年8月至115年", "2023-08/2026-12"),
        ("g", "2023-08/2026-07", "2023-08/2026-07"),
        ("h", "民國112年8月至112年8月", "2023-08/2023-08"),
    ]
    _write_dated_plans(tmp_path, ("period",), rows)
    with warnings.catch_warnings():
        warnings.simplefilter("error", pc.PolicyCompareWarning)
        corpus = pc.load_corpus(tmp_path)
    assert corpus.documents["period"].tolist() == [read for _, _, read in rows]
    # The timeline draws each of them.
    from policycompare.plotting import _plan_period

    assert _plan_period(corpus.documents["period"][0], "a") == (2023 + 7 / 12, 2026 + 7 / 12)


def test_manifest_periods_of_no_month_or_year_are_named_in_a_warning(tmp_path):
    rows = [("a", "2023年13月至2026年7月"), ("b", "民國112年8月至"), ("c", "2023年至12月"), ("d", "112年8月至115年7月")]
    for doc_id, _ in rows:
        (tmp_path / f"{doc_id}.txt").write_text(JIA.replace("篇一:", ""), encoding="utf-8")
    write_manifest(tmp_path, "doc_id,source_file,period\n" + "".join(f"{d},{d}.txt,{period}\n" for d, period in rows))
    with pytest.warns(pc.PolicyCompareWarning) as shown:
        corpus = pc.load_corpus(tmp_path)
    said = [str(w.message) for w in shown]
    assert [re.search(r"line (\d) \('(\w)'\): period '(.*?)' is no span of years", message).groups() for message in said] == [
        (str(k + 2), doc_id, period) for k, (doc_id, period) in enumerate(rows)
    ]
    assert corpus.documents["period"].tolist() == [period for _, period in rows]


def test_a_manifest_period_that_ends_before_it_starts_is_named_in_a_warning_and_left_out_of_the_timeline(tmp_path):
    # 115至112學年度 was written as 2026-08/2024-07 without a word: the timeline then refused it, and a report
    # left it out unsaid. Like 2026-2023, it is kept as written and named, in Gregorian years to show why.
    rows = [
        ("a", "2026-2023", "2026 to 2023"),
        ("b", "115至112學年度", "2026-08 to 2024-07"),
        ("c", "民國115年至112年", "2026 to 2023"),
        ("d", "民國115年7月至112年8月", "2026-07 to 2023-08"),
        ("e", "2026年7月至2023年8月", "2026-07 to 2023-08"),
        ("f", "2023-08/2023-07", "2023-08 to 2023-07"),
    ]
    _write_dated_plans(tmp_path, ("period",), rows)
    with pytest.warns(pc.PolicyCompareWarning) as shown:
        corpus = pc.load_corpus(tmp_path)
    assert [str(w.message) for w in shown] == [
        f"{tmp_path / 'manifest.csv'}: manifest line {k + 2} ({doc_id!r}): period {period!r} ends before it starts ({span}); "
        "it is kept as written, and the timeline leaves it out"
        for k, (doc_id, period, span) in enumerate(rows)
    ]
    assert corpus.documents["period"].tolist() == [period for _, period, _ in rows]
    # What a report gives the timeline: every period it draws, and none of these.
    from policycompare.report import _reads
    from policycompare import plotting

    assert not any(_reads(plotting._plan_period, period, doc) for doc, period in zip(corpus.documents["doc_id"], corpus.documents["period"]))


@pytest.mark.parametrize("name", ["corpus", "alignment", "plotting", "cleaning", "report"])
def test_submodules_are_attributes_of_the_package_without_importing_them(name):
    # pc.corpus raised AttributeError until something imported policycompare.corpus.
    import subprocess
    import sys

    code = ("import sys, policycompare as pc; before = sorted(m for m in sys.modules if m.startswith('policycompare')); "
            f"module = pc.{name}; print(before, module.__name__, '{name}' in dir(pc))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['policycompare']", f"policycompare.{name}", "True"]


def test_every_submodule_is_known_to_the_package():
    import pkgutil

    found = {info.name for info in pkgutil.iter_modules(pc.__path__)} - {"__main__"}
    assert set(pc._SUBMODULES) == found
    with pytest.raises(AttributeError, match=r"^module 'policycompare' has no attribute 'corpora'$"):
        pc.corpora  # noqa: B018


def test_missing_folder(tmp_path):
    with pytest.raises(PolicyCompareError, match=r"nowhere: no such folder$"):
        pc.load_corpus(tmp_path / "nowhere")
    # A path named like a plan file is a missing file.
    with pytest.raises(PolicyCompareError, match=r"plan\.txt: no such file$"):
        pc.load_corpus(tmp_path / "plan.txt")


def test_folder_without_plans(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    with pytest.raises(PolicyCompareError, match="holds no .txt, .md, .docx, .pdf or .html plan files"):
        pc.load_corpus(tmp_path)


def test_a_folder_of_doc_files_only_names_them_and_what_to_do(tmp_path):
    (tmp_path / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (tmp_path / "other.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(PolicyCompareError, match=rf"^{re.escape(str(tmp_path))}: holds no \.txt, \.md, \.docx, \.pdf or \.html plan files; "
                                                 r"other\.wps, plan\.doc are not read: save them as \.docx, \.pdf or \.txt$"):
        pc.load_corpus(tmp_path)


def test_empty_file_in_folder_is_named(plan_folder):
    (plan_folder / "gamma.txt").write_text("  \n")
    with pytest.raises(PolicyCompareError, match=r"gamma\.txt: file holds only whitespace"):
        pc.load_corpus(plan_folder)


def test_bundled_path_is_inside_the_package():
    path = bundled_corpus_path()
    assert (path / "manifest.csv").is_file()
    assert Path(pc.__file__).parent in path.parents


def test_an_unknown_id_names_the_closest_ids_and_at_most_twenty():
    corpus = pc.Corpus([pc.load_document_from_text("一、任务\n（一）补充教师。", doc_id=f"plan-{k:02d}") for k in range(30)])
    with pytest.raises(KeyError) as caught:
        corpus["plan-3"]
    listed = ", ".join(f"plan-{k:02d}" for k in range(20))
    assert caught.value.args[0] == f"no document 'plan-3' in the corpus (did you mean 'plan-23' or 'plan-13' or 'plan-03'?); known ids: {listed}, … (30 in all)"


@pytest.mark.parametrize("name", ["plan:2021.txt", "a;b.txt", "huaxi,anning.txt", "plan\tdraft.txt"])
def test_a_file_name_that_would_part_or_join_ids_is_refused_in_one_line(tmp_path, capsys, name):
    # 'a;b' would split into two measures in an instrument's evidence cell, 'plan:2021' into a doc and a measure.
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / name).write_text("一、总体要求\n（一）加强领导。\n", encoding="utf-8")
    (folder / "huaxi 规划.txt").write_text("一、总体要求\n（一）加强领导。\n", encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=r"the file name gives the doc_id .+, which holds .+: ids may not hold ':', ';', ',' or control characters"):
        pc.load_corpus(folder)
    assert main(["documents", str(folder), "-o", str(tmp_path / "d.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "rename the file, or give it a doc_id in a manifest" in err


def test_spaces_and_chinese_in_a_file_name_make_a_doc_id(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "花溪区 规划（2023）.txt").write_text("一、总体要求\n（一）加强领导。\n", encoding="utf-8")
    assert pc.load_corpus(folder).doc_ids == ["花溪区 规划（2023）"]


@pytest.mark.parametrize(("name", "doc_id"), [
    ("方案v1.2.txt", "方案v1.2"), ("方案v1.2", "方案v1.2"), ("方案v1.2.Md", "方案v1.2"), ("方案v1.2.htm", "方案v1.2"),
    ("2024.03.15征求意见稿", "2024.03.15征求意见稿"),
])
def test_a_file_name_loses_only_a_plan_suffix_in_its_doc_id(tmp_path, name, doc_id):
    text = "一、总体要求\n（一）加强领导。\n"
    (tmp_path / name).write_text(f"<html><body><p>{text.replace(chr(10), '</p><p>')}</p></body></html>" if name.endswith(".htm") else text, encoding="utf-8")
    assert pc.load_document(tmp_path / name).doc_id == doc_id
    assert pc.load_corpus(tmp_path / name).doc_ids == [doc_id]


def test_two_versions_of_a_plan_named_by_their_version_keep_two_ids(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "drafts").mkdir()
    for version in ("1.1", "1.2"):
        (tmp_path / "plans" / f"方案v{version}.txt").write_text(f"一、总体要求\n（一）第{version}版。\n", encoding="utf-8")
        (tmp_path / "drafts" / f"方案v{version}").write_text(f"一、总体要求\n（一）第{version}版草案。\n", encoding="utf-8")
    assert pc.load_corpus(tmp_path / "plans").doc_ids == ["方案v1.1", "方案v1.2"]
    assert [pc.load_document(tmp_path / "drafts" / f"方案v{version}").doc_id for version in ("1.1", "1.2")] == ["方案v1.1", "方案v1.2"]


def test_a_folder_with_a_manifest_loads_by_any_path_that_leads_to_it(tmp_path, tiny_plan, monkeypatch):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("alpha", "beta"):
        (folder / f"{name}.txt").write_text(tiny_plan, encoding="utf-8")
    write_manifest(folder, "doc_id,source_file\nalpha,alpha.txt\nbeta,beta.txt\n")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)
    monkeypatch.chdir(folder)
    assert pc.load_corpus(".").doc_ids == ["alpha", "beta"]
    assert pc.load_corpus("../plans").doc_ids == ["alpha", "beta"]
    monkeypatch.chdir(tmp_path)
    for path in ("plans/../plans", "./plans", "link", tmp_path / "link", "link/../plans"):
        assert pc.load_corpus(path).doc_ids == ["alpha", "beta"]
    # A path out of the folder is still refused, whichever way the folder is named.
    write_manifest(folder, "doc_id,source_file\nalpha,alpha.txt\nbeta,../plans/beta.txt\n")
    for path in (".", "plans", "link"):
        with monkeypatch.context() as context:
            context.chdir(folder if path == "." else tmp_path)
            with pytest.raises(PolicyCompareError, match=re.escape("manifest names '../plans/beta.txt' for 'beta', outside the manifest's folder")):
                pc.load_corpus(path)


# ---------------------------------------------------------------- texts that are no Chinese plan

@pytest.mark.parametrize(("text", "file_message", "message"), [
    ("", "file is empty", "text is empty"),
    (" \n\u3000\n", "file holds only whitespace", "text holds only whitespace"),
])
def test_an_empty_or_blank_text_is_refused_as_an_empty_file_is(tmp_path, text, file_message, message):
    path = tmp_path / "blank.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(path))}: {file_message}$"):
        pc.load_document(path)
    with pytest.raises(PolicyCompareError, match=f"^document 'draft': {message}$"):
        pc.load_document_from_text(text)
    with pytest.raises(PolicyCompareError, match=f"^document 'blank': {message}$"):
        pc.load_document_from_text(text, doc_id="blank")


def test_a_text_of_page_chrome_only_is_refused_as_its_file_is(tmp_path):
    chrome = "无障碍 | 长者版\n"
    path = tmp_path / "chrome.txt"
    path.write_text(chrome, encoding="utf-8")
    with pytest.raises(PolicyCompareError, match=f"^{re.escape(str(path))}: document 'chrome' has no text left after cleaning$"):
        pc.load_document(path)
    with pytest.raises(PolicyCompareError, match="^document 'chrome' has no text left after cleaning$"):
        pc.load_document_from_text(chrome, doc_id="chrome")


def test_a_text_of_utf8_chinese_read_as_latin1_is_refused_as_its_file_is():
    with pytest.raises(PolicyCompareError, match=r"^document 'moji': mojibake: its Chinese is UTF-8 that was read as Latin-1 or Windows-1252 "
                                                 r"and saved again \(line 1 reads 'ä¸ãæ»ä½' for '一、总体'\); save it again from the original file, as UTF-8$"):
        pc.load_document_from_text("一、总体要求\n（一）加强领导。".encode("utf-8").decode("latin-1"), doc_id="moji")


NOT_CHINESE = {
    "english": ("Action Plan for Education (2023-2025)\n\n1. Guiding principles\nWe will improve the quality of schooling.\n",
                "it has no Chinese text"),
    "numbers only": ("1. 2. 3.\n2023-2025\n(1)(2)\n", "it has no Chinese text"),
    "english with a chinese name": ("Education plan of 花溪区 (Huaxi District), 2023-2025\n1. Build two new kindergartens by 2026.\n",
                                    "only 3 of its 57 letters are Chinese characters"),
    # Its kanji hold forms that are traditional in Chinese (個, 時): the advice to convert them would mislead.
    "japanese": ("教育振興基本計画\n一、基本的な方針\n全ての子供たちの可能性を引き出す、個別最適な学びと、協働的な学びの一体的な充実を図る。\n"
                 "二、今後5年間の時代の教育政策の目標\n",
                 "21 of its 71 Chinese and Japanese characters are kana \\(a Japanese text\\?\\)"),
}


@pytest.mark.parametrize("case", NOT_CHINESE)
def test_a_plan_that_is_not_chinese_is_named_in_a_warning_from_every_way_in(plan_folder, case):
    text, why = NOT_CHINESE[case]
    path = plan_folder / "other.txt"
    path.write_text(text, encoding="utf-8")
    said = (f"does not look like a Chinese plan: {why}; policycompare reads plans in Chinese, so its measures, keywords "
            "and comparisons will be meaningless")
    for load, where in ((lambda: pc.load_corpus(plan_folder), str(path)), (lambda: pc.load_document(path), str(path)),
                        (lambda: pc.load_document_from_text(text, doc_id="other"), "document 'other'")):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            load()
        assert [str(w.message) for w in caught] == [f"{where}: {said}".replace("\\", "")]
    (plan_folder / "manifest.csv").write_text("doc_id,source_file\nalpha,alpha.txt\nother,other.txt\n", encoding="utf-8")
    (plan_folder / "beta.txt").unlink()
    with pytest.warns(pc.PolicyCompareWarning, match=f"^{re.escape(str(path))}: does not look like a Chinese plan: {why};"):
        pc.load_corpus(plan_folder)


def test_chinese_plans_with_latin_words_draw_no_warning_and_the_bundled_corpus_loads_as_before():
    texts = ["一、总体要求\n（一）推进STEM教育，开设Python、AI和3D打印课程，建设5G智慧校园。\n",
             "（二）邀请José Martí教授讲学，实验室室温保持在25°C±2°C，面积30m×20m。\n"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for text in texts:
            pc.load_document_from_text(text)
        corpus = pc.load_corpus()
    assert sum(len(doc.text) for doc in corpus) == 76499


def test_a_page_of_nothing_but_chrome_is_refused_without_a_warning_that_it_is_not_chinese(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("无障碍 | 长者版\n扫一扫在手机打开当前页\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(PolicyCompareError, match=r"document 'page' has no text left after cleaning$"):
            pc.load_document(path)


# ---------------------------------------------------------------- traditional plans: manifest metadata and header lines

HUALIEN = "花蓮縣教育發展計畫\n壹、依據\n一、花蓮縣政府施政計畫。\n貳、目標\n一、提升花蓮縣學生學習成效。\n"
HUALIEN_MANIFEST = "doc_id,region_zh,place,province,title,source_file\nhualien,花蓮縣,花蓮縣,臺灣省,花蓮縣教育發展計畫,hualien.txt\n"


@pytest.mark.parametrize("convert", ["t2s", "hk2s", "tw2s"])
def test_the_place_names_of_the_manifest_are_converted_with_the_text_so_they_are_masked(tmp_path, convert):
    pytest.importorskip("opencc")
    from policycompare.alignment import _places_of
    from policycompare.tokens import region_terms

    (tmp_path / "hualien.txt").write_text(HUALIEN, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HUALIEN_MANIFEST, encoding="utf-8")
    corpus = pc.load_corpus(tmp_path, convert=convert)
    doc = corpus["hualien"]
    assert doc.text.count("花莲县") == 3
    # The place names the tokens mask, and the place alignment keeps plans apart by, are those of the converted text.
    assert [doc.metadata[field] for field in ("region_zh", "place", "province", "title")] == ["花莲县", "花莲县", "台湾省", "花莲县教育发展计划"]
    assert corpus.documents.loc[0, ["region_zh", "place", "province", "title"]].tolist() == ["花莲县", "花莲县", "台湾省", "花莲县教育发展计划"]
    # Each name in both scripts' suffixes and with 臺 for 台 too: forms the text may write (tokens.region_terms).
    assert region_terms(doc) == ["台湾", "台湾省", "臺湾", "臺湾省", "花莲", "花莲县", "花莲縣"]
    assert _places_of(corpus, ["hualien"]) == {"hualien": "花莲县"}
    assert not any("花莲" in token for token in pc.Tokenizer(mask=region_terms(doc)).tokenize(doc.text))
    # Without convert, text and names stay as written, and match.
    with pytest.warns(pc.PolicyCompareWarning, match="traditional forms"):
        kept = pc.load_corpus(tmp_path)["hualien"]
    assert kept.metadata["region_zh"] == "花蓮縣" and kept.text == HUALIEN
    assert "花蓮縣" in region_terms(kept)


def test_the_place_names_given_with_a_text_are_converted_with_it():
    pytest.importorskip("opencc")
    from policycompare.tokens import region_terms

    metadata = {"region_zh": "花蓮縣", "place": "花蓮縣", "title": "花蓮縣教育發展計畫", "note": "花蓮縣"}
    doc = pc.load_document_from_text(HUALIEN, doc_id="hualien", metadata=metadata, convert="t2s")
    assert region_terms(doc) == ["花莲", "花莲县", "花莲縣"]
    assert {field: doc.metadata[field] for field in metadata} == {"region_zh": "花莲县", "place": "花莲县", "title": "花莲县教育发展计划", "note": "花蓮縣"}
    assert metadata["region_zh"] == "花蓮縣"  # the caller's dict is not changed


@pytest.mark.parametrize("convert", [None, "t2s"])
def test_an_organiser_line_above_the_outline_is_header_metadata_in_either_script(convert):
    pytest.importorskip("opencc")
    raw = "花蓮縣教育發展計畫\n主辦單位：花蓮縣政府教育處\n壹、依據\n一、教育部方案。\n貳、目標\n一、提升學生能力。\n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pc.PolicyCompareWarning)  # traditional forms, without convert
        doc = pc.load_document_from_text(raw, doc_id="hualien", convert=convert)
    organiser = "花蓮縣政府教育處" if convert is None else "花莲县政府教育处"
    assert doc.metadata["header"] == {"主办单位": organiser}
    assert "主" not in doc.text and doc.text.startswith(("花蓮縣教育發展計畫\n壹、依據", "花莲县教育发展计划\n壹、依据"))
    assert [(e.reason, doc.raw[e.start:e.end]) for e in doc.edits if "traditional" not in e.reason] == [
        ("web page header block (kept as metadata)", "主辦單位：花蓮縣政府教育處\n")]
    assert pc.extract_measures(doc)["measure_id"].tolist() == ["hualien:0", "hualien:1", "hualien:1.1", "hualien:2", "hualien:2.1"]


def test_the_fields_converted_are_those_that_name_places():
    from policycompare.corpus import _PLACE_FIELDS
    from policycompare.tokens import REGION_FIELDS

    # region_terms reads REGION_FIELDS and the places a title opens with; a field it reads and a conversion left
    # unconverted would name the place in another script than the text's.
    assert set(_PLACE_FIELDS) == {*REGION_FIELDS, "title"}
