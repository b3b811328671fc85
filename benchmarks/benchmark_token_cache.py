"""Time tokenization of the corpus: first run, cache hit, several processes, and one text per call.

Each measurement uses a fresh temporary cache folder, after the jieba
dictionary is loaded, so the figures compare segmentation with reading the
cache. The tokens of every run are checked to be identical.

Usage::

    python benchmarks/benchmark_token_cache.py [--repeat 5] [--n-jobs 2] [--corpus FOLDER]
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

import policycompare as pc
from policycompare.tokens import Tokenizer, tokenize_many


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


FRESH_PROCESS = """
import json, sys, time
import policycompare as pc
from policycompare import tokens as module
from policycompare.tokens import Tokenizer, tokenize_many
texts = [doc.text for doc in pc.load_corpus(sys.argv[2] or None)]
start = time.perf_counter()
tokens = tokenize_many(texts, tokenizer=Tokenizer(cache=sys.argv[1]))
print(json.dumps({"seconds": time.perf_counter() - start, "jieba_loaded": bool(module._JIEBA), "jieba_imported": "jieba" in sys.modules, "n": sum(map(len, tokens))}))
"""


def time_fresh_process(folder, corpus_path):
    """Tokenize the corpus in a new Python process (a restarted notebook kernel)."""
    out = subprocess.run([sys.executable, "-c", FRESH_PROCESS, folder, corpus_path or ""], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown (default 5)")
    parser.add_argument("--n-jobs", type=int, default=2, help="processes for the parallel run (default 2)")
    parser.add_argument("--corpus", default=None, help="corpus folder (default: the bundled corpus)")
    args = parser.parse_args(argv)

    corpus = pc.load_corpus(args.corpus)
    texts = [doc.text for doc in corpus]
    n_chars = sum(len(t) for t in texts)

    load_time, _ = timed(lambda: Tokenizer(cache=False).tokenize("加载词典"))
    print(f"corpus: {len(texts)} documents, {n_chars} characters; dictionary load (once per process): {load_time:.3f} s")

    cold, warm, parallel, reference = [], [], [], None
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            tokenizer = Tokenizer(cache=folder)
            seconds, first = timed(lambda: tokenize_many(texts, tokenizer=tokenizer))
            cold.append(seconds)
            seconds, second = timed(lambda: tokenize_many(texts, tokenizer=tokenizer))
            warm.append(seconds)
            assert second == first, "cache hit returned different tokens"
            reference = reference or first
            assert first == reference, "tokens differ between runs"
        with tempfile.TemporaryDirectory() as folder:
            seconds, third = timed(lambda: tokenize_many(texts, tokenizer=Tokenizer(cache=folder), n_jobs=args.n_jobs))
            parallel.append(seconds)
            assert third == reference, "processes gave different tokens"

    n_tokens = sum(len(t) for t in reference)
    cold_s, warm_s, parallel_s = (statistics.median(x) for x in (cold, warm, parallel))
    print(f"tokens: {n_tokens}; median of {args.repeat} runs")
    print(f"  no cache (segment + write):   {cold_s:.3f} s")
    print(f"  cache hit:                    {warm_s:.3f} s   ({cold_s / warm_s:.0f}x faster, identical tokens)")
    print(f"  no cache, n_jobs={args.n_jobs}:           {parallel_s:.3f} s   (identical tokens)")

    # One text per call, as a notebook loop over a table's texts does: each call reads (and on a miss writes) the store.
    measures = [text for text in pc.extract_measures(corpus)["text"] if text]
    per_call = {}
    for name, cache in (("no cache", False), ("cache, first pass", None), ("cache, second pass", None)):
        runs = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                tokenizer = Tokenizer(cache=False if cache is False else folder)
                if name == "cache, second pass":
                    [tokenizer.tokenize(text) for text in measures]
                seconds, _ = timed(lambda: [tokenizer.tokenize(text) for text in measures])
                runs.append(seconds / len(measures))
        per_call[name] = statistics.median(runs)
    print(f"one text per call (tokenize), {len(measures)} measures of the corpus, median of {args.repeat} runs:")
    for name, seconds in per_call.items():
        print(f"  {name + ':':<29} {seconds * 1e3:.3f} ms per text")

    first_runs, rerun_runs = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as folder:
            first_runs.append(time_fresh_process(folder, args.corpus))
            rerun_runs.append(time_fresh_process(folder, args.corpus))
    first_s = statistics.median(r["seconds"] for r in first_runs)
    rerun_s = statistics.median(r["seconds"] for r in rerun_runs)
    print("new process each time (a restarted notebook kernel), including the dictionary load when needed:")
    print(f"  first run:                    {first_s:.3f} s   (jieba dictionary loaded: {first_runs[0]['jieba_loaded']})")
    print(f"  re-run, cache hit:            {rerun_s:.3f} s   ({first_s / rerun_s:.0f}x faster; jieba imported: {rerun_runs[0]['jieba_imported']})")


if __name__ == "__main__":
    main()
