"""The evaluation script's statistics on small, hand-checked inputs."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "evaluate_alignment.py"


@pytest.fixture(scope="module")
def evaluation():
    spec = importlib.util.spec_from_file_location("evaluate_alignment", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GOLD = {("a:1", "b:1"), ("a:2", "b:2"), ("a:3", "b:3"), ("a:4", "b:1")}


def test_bootstrap_of_a_perfect_and_an_empty_method(evaluation):
    replicates = evaluation.bootstrap_mean_f1({("a", "b"): {"gold": GOLD, "perfect": set(GOLD), "nothing": set()}}, n=200)
    assert np.all(replicates["perfect"] == 1.0)
    assert np.all(replicates["nothing"] == 0.0)


def test_bootstrap_keeps_the_links_of_a_measure_together(evaluation):
    # Half the gold links found, no wrong link: F1 2/3 on the full sample. A draw holds 4 measures of a;
    # measures a:1..a:4 carry gold links 1 each, the found ones are a:1 and a:2.
    found = {("a:1", "b:1"), ("a:2", "b:2")}
    replicates = evaluation.bootstrap_mean_f1({("a", "b"): {"gold": GOLD, "half": found}}, n=2000, seed=1)
    # Precision is 1 in every draw that holds a:1 or a:2; recall is their share of the draw.
    assert replicates["half"].min() >= 0.0 and replicates["half"].max() == 1.0
    assert abs(np.median(replicates["half"]) - 2 / 3) < 0.01
    again = evaluation.bootstrap_mean_f1({("a", "b"): {"gold": GOLD, "half": found}}, n=2000, seed=1)
    assert np.array_equal(replicates["half"], again["half"])


def test_bootstrap_averages_the_pairs(evaluation):
    per_pair = {
        ("a", "b"): {"gold": GOLD, "m": set(GOLD)},
        ("c", "d"): {"gold": {("c:1", "d:1")}, "m": {("c:1", "d:2")}},
    }
    replicates = evaluation.bootstrap_mean_f1(per_pair, n=100)
    assert np.all(replicates["m"] == 0.5)
