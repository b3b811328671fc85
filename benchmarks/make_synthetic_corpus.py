"""Generate a synthetic corpus of N plans built from the bundled corpus's real measures.

Each plan is numbered like the real ones (一、 sections, （一） measures, 1. items,
with a 一是/二是 enumeration now and then), about 5,000 characters and 25 leaf
measures long, so 400 plans hold about 2 M characters and 10 k measures. Measures
are drawn from the real plans' leaf measures and perturbed: a region's name is
swapped in, clauses are dropped or reordered, and figures and years change. The
same seed gives the same corpus.

    python benchmarks/make_synthetic_corpus.py N OUT_DIR [--seed 0]
"""

import argparse
import random
import re
from pathlib import Path

import policycompare as pc
from policycompare.reading import _chinese_numeral as _cn

SECTIONS = ["总体要求", "主要任务", "重点工程", "保障措施"]
PLACES = ["东山区", "西河县", "南岭市", "北湖区", "青石县", "云溪区", "白沙市", "红旗县", "长宁区", "平江县"]
_CLAUSE = re.compile(r"(?<=[。；;])")
_LABEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十0-9]+[)）]|[0-9]+(?:\.[0-9]+)*[.．、]|[一二三四五六七八九十]+是)\s*")


def load_pool():
    """Leaf measures of the bundled corpus as (heading, body) pairs, numbering removed."""
    measures = pc.extract_measures(pc.load_corpus())
    leaves = measures[measures["is_leaf"] & (measures["kind"] != "front_matter")]
    pool = []
    for heading, text in zip(leaves["heading"], leaves["text"]):
        body = _LABEL.sub("", text).strip()
        if 60 <= len(body) <= 1200:
            pool.append(((heading or body[:12]).strip("。 "), body))
    return pool


def perturb(body, rng, place):
    clauses = [c for c in _CLAUSE.split(body) if c.strip()]
    if len(clauses) > 2 and rng.random() < 0.5:
        clauses.pop(rng.randrange(1, len(clauses)))
    if len(clauses) > 2 and rng.random() < 0.3:
        i = rng.randrange(1, len(clauses) - 1)
        clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
    text = "".join(clauses)
    text = re.sub(r"(花溪区|银川市|安宁市|七星区|我区|我市|全区|全市)", place, text)
    text = re.sub(r"20(2[0-9])", lambda m: f"20{int(m.group(1)) + rng.randint(0, 3)}", text)
    return re.sub(r"(?<![0-9.])([1-9][0-9]{0,3})(?=[个所名人%万])", lambda m: str(max(1, int(int(m.group(1)) * rng.uniform(0.6, 1.6)))), text)


def make_plan(pool, rng, number):
    place = f"{rng.choice(PLACES)}{number}"
    lines = [f"{place}教育高质量发展三年行动方案", "", f"为推动{place}教育高质量发展，结合本地实际，制定本方案。", ""]
    for s, section in enumerate(SECTIONS, start=1):
        lines += [f"{_cn(s)}、{section}", ""]
        for m in range(1, rng.randint(5, 8) + 1):
            heading, body = rng.choice(pool)
            if rng.random() < 0.15:
                items = "".join(f"{_cn(k)}是{perturb(rng.choice(pool)[1], rng, place)[:80]}。" for k in range(1, 4))
                lines += [f"（{_cn(m)}）{heading}。{items}", ""]
            else:
                lines += [f"（{_cn(m)}）{heading}。{perturb(body, rng, place)}", ""]
    return place, "\n".join(lines)


def write_corpus(n_plans, out_dir, *, seed=0):
    """Write ``n_plans`` synthetic plans into ``out_dir``; return the total characters."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = load_pool()
    total = 0
    for number in range(1, n_plans + 1):
        _, text = make_plan(pool, rng, number)
        (out / f"plan-{number:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of plans")
    parser.add_argument("out", help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    total = write_corpus(args.n, args.out, seed=args.seed)
    print(f"wrote {args.n} plans, {total} characters, to {args.out}")


if __name__ == "__main__":
    main()
