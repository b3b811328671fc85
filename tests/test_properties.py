"""Properties of reading, cleaning and measure parsing on generated input, from file bytes
to measures: loading either succeeds or raises our one-line error, parsing never raises,
and every raw character ends up in exactly one place (a measure's text or the cleaning
record), with offsets that lead back to it.

The building blocks are lines of the real plans (web chrome, header blocks, spam names,
PDF line breaks, every numbering style), their traditional-character versions, and noise.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import policycompare as pc
from policycompare import PolicyCompareError, cleaning
from policycompare.cleaning import clean_text
from policycompare.corpus import bundled_corpus_path
from policycompare.reading import _CJK

# Generated plans mix traditional characters and odd numbering on purpose; the warnings they draw are expected.
pytestmark = pytest.mark.filterwarnings("ignore::policycompare.PolicyCompareWarning")

opencc = pytest.importorskip("opencc")

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def real_lines():
    """Distinct lines of the bundled plans as read, capped per file to keep the pool small."""
    lines = []
    for path in sorted(bundled_corpus_path().glob("*.txt")):
        seen = [line for line in dict.fromkeys(path.read_text(encoding="utf-8").split("\n")) if line.strip()]
        lines += seen[:: max(1, len(seen) // 60)]
    return lines


REAL = real_lines()
TRADITIONAL = [opencc.OpenCC("s2t").convert(line) for line in REAL[::3]]
PIECES = ["无障碍 | 长者版", "無障礙 | 長者版", "当前位置: 首页>政府信息公开", "扫一扫在手机打开当前页", "相关文件解读:", "索 引 号:1164/2023 效力状态:有效",
          "发布机构:必威体育教育局", "篇一:学校教育高质量发展方案", "篇二:学校教育高质量发展方案", "附件", "一、总体要求", "（一）加强领导。", "1.落实责任。",
          "一是新建学校；二是扩充学位。", "——2025年，全面达标。", "<责任单位:区教育局>", "[牵头单位：区教育局；配合单位：各学校]", "", " ", "\u3000"]
NOISE = st.text(alphabet=st.sampled_from("教育学校發展總體，。、；：（）()《》“”1２.．—<>[]&\"' \t\u3000必威体育"), max_size=50)

line = st.one_of(st.sampled_from(REAL), st.sampled_from(TRADITIONAL), st.sampled_from(PIECES), NOISE)
plan_text = st.builds(lambda lines, newline: newline.join(lines), st.lists(line, min_size=1, max_size=25), st.sampled_from(["\n", "\r\n", "\r"]))
any_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("generated")


def write_plan(folder, data, *, manifest=None):
    for old in folder.iterdir():
        old.unlink()
    path = folder / "plan.txt"
    path.write_bytes(data)
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return path


def assert_one_line_error_naming(err, path):
    event(f"refused: {err.reason.split(' (')[0]}")
    assert str(err).startswith(f"{path}: ")
    assert "\n" not in str(err) and "\r" not in str(err)


def load_or_refused(folder, path, **options):
    """The corpus of ``folder``, or None after checking that the refusal is one line naming ``path``."""
    try:
        return pc.load_corpus(folder, **options)
    except PolicyCompareError as err:
        assert_one_line_error_naming(err, path)
        return None


def assert_cleaning_accounts(raw, text, raw_offsets, edits):
    """Walk the edits: every cleaned character is a kept raw character or part of one replacement.

    Together with sorted, non-overlapping edits this says that every raw character is
    either kept (once, in order, at its mapped offset) or in exactly one edit.
    """
    offsets = np.asarray(raw_offsets)
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw)
    assert np.all(np.diff(offsets) >= 0)
    position, cleaned = 0, 0
    for edit in edits:
        assert position <= edit.start <= edit.end <= len(raw)
        kept = edit.start - position
        assert text[cleaned:cleaned + kept] == raw[position:edit.start]
        assert offsets[cleaned:cleaned + kept].tolist() == list(range(position, edit.start))
        cleaned += kept
        width = len(edit.replacement)
        assert text[cleaned:cleaned + width] == edit.replacement
        spread = offsets[cleaned:cleaned + width]
        assert np.all((spread >= edit.start) & (spread <= max(edit.end - 1, edit.start)))
        cleaned += width
        position = edit.end
    assert text[cleaned:] == raw[position:]
    assert offsets[cleaned:].tolist() == list(range(position, len(raw) + 1))


def assert_measures_cover(doc, measures):
    """Own spans partition the cleaned text in order; raw spans follow the offset map."""
    rows = measures[measures["doc_id"] == doc.doc_id]
    assert rows["start"].iloc[0] == 0 and rows["end"].iloc[-1] == len(doc.text)
    assert rows["start"].iloc[1:].tolist() == rows["end"].iloc[:-1].tolist()
    assert "".join(rows["text"]) == doc.text
    for start, end, raw_start, raw_end in zip(rows["start"], rows["end"], rows["raw_start"], rows["raw_end"]):
        assert (raw_start, raw_end) == doc.to_raw(start, end)
    assert rows["measure_id"].is_unique
    assert set(rows["segmentation"]) <= {"numbered", "paragraphs", "sentences"}


@SETTINGS
@given(text=plan_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]), convert=st.sampled_from([None, "t2s"]))
def test_a_plan_in_any_supported_encoding_loads_whole_or_is_refused_clearly(folder, text, encoding, convert):
    path = write_plan(folder, text.encode(encoding))
    corpus = load_or_refused(folder, path, convert=convert)
    if corpus is None:
        return
    doc = corpus["plan"]
    event(f"loaded, {len({e.reason.split(':')[0] for e in doc.edits})} kinds of edit")
    if encoding in ("utf-8-sig", "utf-16") or _CJK.search(text):
        assert doc.raw == text
    assert_cleaning_accounts(doc.raw, doc.text, doc.raw_offsets, doc.edits)
    assert "\r" not in doc.text
    if convert is None:
        assert {e.reason for e in doc.edits}.isdisjoint({"traditional → simplified characters (t2s)"})
    for segmentation in ("auto", "paragraphs", "sentences"):
        assert_measures_cover(doc, pc.extract_measures(corpus, segmentation=segmentation))


@SETTINGS
@given(text=plan_text, line_breaks=st.sampled_from(["", "auto", "join", "keep"]), convert=st.sampled_from([None, "t2s"]))
def test_a_plan_with_a_manifest_accounts_for_every_character(folder, text, line_breaks, convert):
    manifest = f"doc_id,source_file,corrections,line_breaks\nplan,plan.txt,必威体育=>银川市,{line_breaks}\n"
    path = write_plan(folder, text.encode("utf-8"), manifest=manifest)
    corpus = load_or_refused(folder, path, convert=convert)
    if corpus is None:
        return
    doc = corpus["plan"]
    assert_cleaning_accounts(doc.raw, doc.text, doc.raw_offsets, doc.edits)
    # Corrections apply across joined PDF line breaks too.
    assert "必威体育" not in doc.text
    assert_measures_cover(doc, pc.extract_measures(corpus))


@settings(max_examples=60, deadline=None)
@given(text=any_text, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_any_unicode_text_loads_or_is_refused_clearly(folder, text, encoding):
    path = write_plan(folder, text.encode(encoding))
    corpus = load_or_refused(folder, path)
    if corpus is None:
        return
    doc = corpus["plan"]
    assert_cleaning_accounts(doc.raw, doc.text, doc.raw_offsets, doc.edits)
    assert_measures_cover(doc, pc.extract_measures(corpus))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_bytes_load_or_are_refused_clearly(folder, data):
    path = write_plan(folder, data)
    corpus = load_or_refused(folder, path)
    if corpus is None:
        return
    doc = corpus["plan"]
    assert doc.text.strip()
    assert_cleaning_accounts(doc.raw, doc.text, doc.raw_offsets, doc.edits)


@settings(max_examples=60, deadline=None)
@given(
    text=plan_text,
    mapping=st.dictionaries(st.sampled_from("總體發學乾淨臺灣"), st.text(alphabet="总体发学干净台湾省", max_size=3), max_size=6),
)
def test_a_conversion_that_changes_lengths_still_accounts_for_every_character(text, mapping):
    # OpenCC's t2s tables keep lengths; a converter that deletes, shrinks and grows must work too.
    def convert(run):
        return "".join(mapping.get(char, char) for char in run)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cleaning, "_opencc_converter", lambda name: convert)
        cleaned = clean_text(text, corrections=[("必威体育", "银川市")], convert="t2s")
    assert_cleaning_accounts(text, cleaned.text, cleaned.raw_offsets, cleaned.edits)
    # Whatever other edits leave is converted, including pieces of runs they cut into.
    assert not [char for char in cleaned.text if mapping.get(char, char) != char]


@SETTINGS
@given(text=plan_text)
def test_converting_with_opencc_changes_only_characters(text):
    converted = clean_text(text, convert="t2s")
    plain = clean_text(text)
    assert_cleaning_accounts(text, converted.text, converted.raw_offsets, converted.edits)
    conversions = [e for e in converted.edits if e.reason == "traditional → simplified characters (t2s)"]
    others = [e for e in converted.edits if e not in conversions]
    # opencc's t2s changes characters one for one, so every converted character maps to the one it replaced.
    assert all(len(e.replacement) == e.end - e.start and e.replacement != text[e.start:e.end] for e in conversions)
    if others == list(plain.edits):
        # No chrome in traditional characters: the same edits, plus conversions that keep all offsets.
        assert np.array_equal(converted.raw_offsets, plain.raw_offsets)
        if not any(e.reason.startswith("line break") for e in others):
            # (Joined lines could form a phrase that converts differently as a whole.)
            assert converted.text == opencc.OpenCC("t2s").convert(plain.text)
