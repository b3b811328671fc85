"""Top keywords of every plan: jieba's own extract_tags beside policycompare's extract_keywords.

jieba.analyse.extract_tags ranks words by TF-IDF with an IDF table learnt from
general Chinese text, with its default dictionary and a short stopword list;
policycompare ranks by TF-IDF against the other plans of the corpus, with the
education-policy dictionary, the policy-boilerplate stopword list and each
plan's own place names masked. Words of the shipped stopword list that reach
jieba's list are marked with *, place names masked by policycompare with #.

Usage::

    python benchmarks/compare_jieba_keywords.py [--n 15] [--corpus FOLDER] [--doc-ids huaxi yinchuan]
"""

import argparse
import unicodedata

import policycompare as pc
from policycompare.keywords import extract_keywords
from policycompare.tokens import Tokenizer, region_terms


def display_width(text):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text, width):
    return text + " " * max(0, width - display_width(text))


def compare(corpus, *, n=15, doc_ids=None):
    """Print both keyword lists per plan; return counts of boilerplate and place names in each."""
    import jieba.analyse

    ours = extract_keywords(corpus, n=n)
    stopwords = Tokenizer().stopword_set
    summary = []
    for doc in corpus:
        if doc_ids and doc.doc_id not in doc_ids:
            continue
        places = set(region_terms(doc))
        theirs = jieba.analyse.extract_tags(doc.text, topK=n)
        mine = ours.loc[ours["doc_id"] == doc.doc_id, "term"].tolist()
        print(f"\n== {doc.doc_id}: {doc.metadata.get('title', '')}")
        print(pad("rank", 6) + pad("jieba.analyse.extract_tags", 28) + "policycompare.extract_keywords")
        for rank in range(n):
            left = theirs[rank] if rank < len(theirs) else ""
            mark = "*" if left in stopwords else "#" if left in places else ""
            right = mine[rank] if rank < len(mine) else ""
            print(pad(str(rank + 1), 6) + pad(left + mark, 28) + right)
        boiler_j = sum(w in stopwords for w in theirs)
        place_j = sum(w in places for w in theirs)
        shared = len(set(theirs) & set(mine))
        summary.append((doc.doc_id, boiler_j, place_j, sum(w in stopwords for w in mine), sum(w in places for w in mine), shared))
    print(f"\n{'doc_id':<15}{'jieba: boilerplate':>20}{'jieba: own place':>18}{'ours: boilerplate':>19}{'ours: own place':>17}{'shared':>8}")
    for row in summary:
        print(f"{row[0]:<15}{row[1]:>20}{row[2]:>18}{row[3]:>19}{row[4]:>17}{row[5]:>8}")
    return summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=15, help="keywords per plan (default 15)")
    parser.add_argument("--corpus", default=None, help="corpus folder (default: the bundled corpus)")
    parser.add_argument("--doc-ids", nargs="*", default=None, help="only these plans")
    args = parser.parse_args(argv)
    compare(pc.load_corpus(args.corpus), n=args.n, doc_ids=args.doc_ids)


if __name__ == "__main__":
    main()
