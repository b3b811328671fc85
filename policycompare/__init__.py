"""policycompare: compare public-policy plans across regions.

The pipeline, one module a step::

    reading, webpage → cleaning → corpus → structure, annotations → tokens →
    vectors, keywords, reuse, graphs → alignment, instruments →
    drafting → fonts, plotting, report

Everything users call is importable from the top level; heavy modules load on
first use so that ``import policycompare`` stays fast.

Examples
--------
>>> import policycompare as pc
>>> corpus = pc.load_corpus()
>>> corpus.documents.loc[0, "region_zh"]
'花溪区'
"""

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "PolicyCompareError": "errors",
    "PolicyCompareWarning": "errors",
    "UnknownIdError": "errors",
    "read_text": "reading",
    "decode_bytes": "reading",
    "read_webpage": "webpage",
    "clean_text": "cleaning",
    "Corpus": "corpus",
    "Document": "corpus",
    "load_corpus": "corpus",
    "load_document": "corpus",
    "load_document_from_text": "corpus",
    "extract_measures": "structure",
    "classify_frame_sections": "structure",
    "extract_targets": "annotations",
    "extract_responsibilities": "annotations",
    "extract_dates": "annotations",
    "extract_programmes": "annotations",
    "extract_references": "annotations",
    "tokenize": "tokens",
    "Tokenizer": "tokens",
    "kwic": "tokens",
    "tokenize_many": "tokens",
    "region_terms": "tokens",
    "clear_cache": "tokens",
    "get_cache_dir": "tokens",
    "TfidfResult": "vectors",
    "count_terms": "keywords",
    "build_tfidf": "vectors",
    "compute_similarity": "vectors",
    "top_terms": "vectors",
    "compute_distinctive_terms": "keywords",
    "find_reuse": "reuse",
    "compute_shingle_similarity": "reuse",
    "summarize_reuse": "reuse",
    "read_graph": "graphs",
    "compute_centrality": "graphs",
    "detect_communities": "graphs",
    "build_keyword_graph": "graphs",
    "compare_graphs": "graphs",
    "write_graph": "graphs",
    "align_measures": "alignment",
    "align_measures_baseline": "alignment",
    "build_instruments": "instruments",
    "instrument_matrix": "instruments",
    "instrument_measures": "instruments",
    "code_instruments": "typology",
    "load_typology": "typology",
    "typology_crosstab": "typology",
    "compare_draft": "drafting",
    "write_draft_comparison": "drafting",
    "extract_keywords": "keywords",
    "write_report": "report",
}

# The modules, reachable as attributes (pc.corpus, pc.plotting) and, like the names above, imported on first use.
_SUBMODULES = (
    "alignment", "annotations", "cache", "cleaning", "cli", "corpus", "drafting", "errors", "fonts", "graphs",
    "instruments", "keywords", "plotting", "reading", "report", "reuse", "structure", "tables", "tokens", "typology",
    "vectors", "webpage", "workers", "writing",
)

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name):
    if name in _EXPORTS:
        module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
        return getattr(module, name)
    if name in _SUBMODULES:
        # Importing a submodule also sets it as an attribute of the package: this runs once per module.
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'policycompare' has no attribute {name!r}")


def __dir__():
    return sorted(__all__ + list(_SUBMODULES))
