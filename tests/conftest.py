"""Tiny shared fixtures: a hand-made plan and the bundled corpus, loaded once."""

import pytest

import policycompare as pc

# A small plan in the shape of the real ones: outline numbering, a tag, a target.
TINY_PLAN = """示范区教育提升行动方案

为推进教育高质量发展，制定本方案。

一、总体目标

到2025年，高中阶段毛入学率稳定在95%以上。

二、主要措施

（一）加大经费投入。每年投入20万元用于教师培训。<责任单位:区教育局、区财政局>

（二）推进集团化办学。一是组建教育集团；二是实施托管帮扶。
"""


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory):
    """One fresh cache folder for the whole run: tests never read or fill the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tmp_path_factory.mktemp("session-cache")
        patch.setenv("POLICYCOMPARE_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="session")
def corpus():
    return pc.load_corpus()


@pytest.fixture()
def tiny_plan():
    return TINY_PLAN


@pytest.fixture()
def plan_folder(tmp_path):
    """A folder of two small plans without a manifest."""
    (tmp_path / "alpha.txt").write_text(TINY_PLAN, encoding="utf-8")
    (tmp_path / "beta.txt").write_bytes(TINY_PLAN.replace("示范区", "试验区").encode("gb18030"))
    return tmp_path
