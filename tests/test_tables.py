"""Every tidy table has the same column types with no rows as with rows, so tables of several plans concatenate cleanly."""

import warnings

import pandas as pd
import pytest

import policycompare as pc
from policycompare.tables import typed

REGIONS = ["huaxi", "yinchuan"]
# A text that shares no passage, keyword hit or annotation with the bundled plans.
UNRELATED = "无关的文字内容"


@pytest.fixture(scope="module")
def unrelated():
    return pc.load_document_from_text(UNRELATED, doc_id="x")


# name -> (a call that gives rows, a call that gives none)
TABLES = {
    "cleaning": (lambda c, x: c.cleaning, lambda c, x: c.subset(["huaxi"]).cleaning),
    "documents": (lambda c, x: c.documents, lambda c, x: c.subset([]).documents),
    "find_reuse": (lambda c, x: pc.find_reuse(c["collection-02"], c["collection-05"]), lambda c, x: pc.find_reuse(c["huaxi"], x)),
    "summarize_reuse": (lambda c, x: pc.summarize_reuse(pc.find_reuse(c.subset(["collection-02", "collection-05"])), c),
                        lambda c, x: pc.summarize_reuse(pc.find_reuse(c["huaxi"], x), c)),
    "kwic": (lambda c, x: pc.kwic(c, "教师"), lambda c, x: pc.kwic(c, "不存在的词语")),
    "extract_measures": (lambda c, x: pc.extract_measures(c.subset(REGIONS)), lambda c, x: pc.extract_measures(c.subset([]))),
    "align_measures": (lambda c, x: pc.align_measures(c, docs=REGIONS), lambda c, x: pc.align_measures(c, docs=["huaxi"])),
    "extract_targets": (lambda c, x: pc.extract_targets(c.subset(REGIONS)), lambda c, x: pc.extract_targets(x)),
    "extract_dates": (lambda c, x: pc.extract_dates(c.subset(REGIONS)), lambda c, x: pc.extract_dates(x)),
    "extract_responsibilities": (lambda c, x: pc.extract_responsibilities(c.subset(REGIONS)), lambda c, x: pc.extract_responsibilities(x)),
    "extract_programmes": (lambda c, x: pc.extract_programmes(c.subset(REGIONS)), lambda c, x: pc.extract_programmes(x)),
    "extract_references": (lambda c, x: pc.extract_references(c.subset(REGIONS)), lambda c, x: pc.extract_references(x)),
    "code_instruments": (lambda c, x: pc.code_instruments(pc.extract_measures(c.subset(REGIONS))),
                         lambda c, x: pc.code_instruments(pc.extract_measures(c.subset(REGIONS)).iloc[:0])),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_table_without_rows_has_the_types_of_one_with_rows(corpus, unrelated, name):
    with_rows, without = TABLES[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pc.PolicyCompareWarning)
        full, empty = with_rows(corpus, unrelated), without(corpus, unrelated)
    assert len(full) and not len(empty)
    assert empty.columns.tolist() == full.columns.tolist()
    assert empty.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
    # Offsets are whole numbers in both (a corpus's table used to take the objects of a plan without rows).
    offsets = [column for column in full.columns if column in ("start", "end") or column.endswith(("_start", "_end"))]
    assert all(str(full[column].dtype) == "int64" for column in offsets)
    # Joined, the rows keep their types.
    assert pd.concat([full, empty]).dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()


def test_typed_leaves_a_table_with_rows_alone():
    frame = pd.DataFrame({"doc_id": ["a"], "start": [1.0]})
    assert typed(frame, {"start": "int64"}) is frame
