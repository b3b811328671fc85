"""The ``policycompare`` command: a thin layer where each subcommand makes one library call.

Errors in the user's input print one line and exit with status 1; any other
exception is a fault of the program, printed as one line that says so
(``policycompare: internal error in 'align': KeyError: 'doc_id' …``) with
status 70. ``--verbose`` shows the traceback too. Warnings (input read, but not all of it or not
as the user may expect) print one line each and the command goes on. Notes (progress, files written,
plans left out) go to standard error too, and every command's ``--quiet`` leaves them out. Every command
that reads plans takes ``--convert t2s`` to convert traditional characters to simplified ones.
"""

import argparse
import contextlib
import errno
import functools
import os
import re
import sys
import traceback
import warnings
from pathlib import Path

from .errors import PolicyCompareError, PolicyCompareWarning

__all__ = ["build_parser", "main"]

# The exit status of an internal error: sysexits.h's EX_SOFTWARE, so a script can tell a fault of the program from bad input (1).
EXIT_INTERNAL_ERROR = 70

# The system's refusals that concern the machine, not the program: a write that finds the disk full, over
# quota or read-only, a failing device, the limit of open files. Their errors often name no file.
_SYSTEM_REFUSALS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EMFILE, errno.ENFILE})

# cleaning.CONVERSIONS, spelled out so that --help does not pay for importing numpy (a test checks they agree).
_CONVERSIONS = ("t2s", "hk2s", "tw2s")


def _corpus(args):
    from .corpus import load_corpus

    return load_corpus(args.corpus, convert=args.convert)


def _note(args, message):
    """Print a note (progress, a file written, a choice made) on standard error, unless ``--quiet``."""
    if not args.quiet:
        print(message, file=sys.stderr)


def _is_standard_output(output):
    """Whether ``output`` is standard output: ``-``, or a name of it (/dev/stdout, /dev/fd/1), written as ``-`` is.

    Examples
    --------
    >>> _is_standard_output("-"), _is_standard_output("表.csv")
    (True, False)
    """
    from .writing import _descriptor

    return output == "-" or _descriptor(output) == 1


def _write_tables(args, tables):
    """Write ``tables``, ``(dest, frame, options)`` each (options for :func:`_write`), the one for standard output last.

    A reader of standard output may stop early (``| head``), which ends the
    command (status 141): the files are written before it, so none is lost.
    """
    for dest, frame, options in sorted(tables, key=lambda table: _is_standard_output(getattr(args, table[0]))):
        _write(frame, getattr(args, dest), quiet=args.quiet, **options)


def _write(frame, output, *, quiet=False, index=False, columns=None):
    """Write a table (or some of its columns) to a CSV path, or to standard output for ``-`` (or /dev/stdout)."""
    if _is_standard_output(output):
        try:
            _write_standard_output(frame, index=index, columns=columns)
        except BrokenPipeError:
            raise  # the reader stopped reading: main() ends quietly
        except OSError as err:
            # A full disk or a closed terminal: no file name comes with the error, so name the stream.
            raise PolicyCompareError(f"cannot write ({err.strerror or err})", path="standard output") from None
        return
    from .errors import warn
    from .writing import write_table

    if Path(output).suffix.lower() not in (".csv", ".txt", ""):
        # An .xlsx of CSV text opens in Excel as a damaged workbook.
        warn("written as CSV text whatever the file's suffix; name it .csv", path=output)
    write_table(frame, output, index=index, columns=columns)
    if not quiet:
        print(f"wrote {output} ({len(frame)} rows)", file=sys.stderr)


def _write_standard_output(frame, *, index, columns):
    """Write a table to standard output as :func:`~policycompare.writing.write_table` writes a file, less the BOM.

    The bytes are the file's without its first three: UTF-8 whatever the
    terminal's encoding, the rows handed to the csv module as write_table
    hands them. The byte-order mark, there for Excel, would be read as part
    of the first column's name by the next program of a pipe.
    """
    from .writing import _csv_chunks, _csv_text, _write_rows

    if sys.stdout is None:
        # Python's standard output when the command started with it closed (`>&-`).
        raise PolicyCompareError("cannot write: it is closed", path="standard output")
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    # A stream of text only (an io.StringIO put in its place) takes the text as it is.
    handle = sys.stdout if binary is None else _WholeWriter(binary)
    chunks = _csv_chunks(frame, index=index, columns=columns)
    if chunks is None:
        # The tables write_table leaves to to_csv; to_csv given a stream would pick the bytes from the stream.
        handle.write(_csv_text(frame, index=index, columns=columns))
    else:
        _write_rows(chunks, handle)
    # Here, not at exit, so that a full disk is an error of the command, not an exception ignored at shutdown.
    handle.flush()


class _WholeWriter:
    """A text stream that writes each text to a binary stream in UTF-8, every byte of it.

    Under ``python -u`` or ``PYTHONUNBUFFERED`` standard output's binary
    stream is the raw file, whose ``write`` may take only some of the bytes:
    a pipe whose reader leaves while the command waits for it to read takes
    what it had room for. Codecs' writer dropped the rest without a word, and
    the command ended with status 0 and the table cut; the rest written meets
    the closed pipe (BrokenPipeError, status 141).
    """

    # Texts are gathered up to this many bytes and written at once: a table that fits in a pipe's buffer (64 KiB
    # on Linux) is then one write, all of it in the pipe before ``| head -1`` has read its first line and left.
    GATHER = 1 << 16

    def __init__(self, binary):
        self.binary = binary
        self.pending = []
        self.n_pending = 0

    def write(self, text):
        data = text.encode("utf-8")
        self.pending.append(data)
        self.n_pending += len(data)
        if self.n_pending >= self.GATHER:
            self._write_pending()

    def _write_pending(self):
        data = memoryview(b"".join(self.pending))
        self.pending, self.n_pending = [], 0
        while data:
            written = self.binary.write(data)
            if written is None:
                # A raw file opened non-blocking that takes nothing now: a buffered one raises the same.
                raise BlockingIOError(errno.EAGAIN, "standard output would block")
            data = data[written:]

    def flush(self):
        self._write_pending()
        self.binary.flush()


def _flag(dest):
    """The option that sets ``dest``, for messages."""
    return "-o" if dest in ("output", "out") else f"--{dest.replace('_', '-')}"


def _plans_path(args):
    """The real path of the plans being read: the CORPUS folder or file, or the bundled corpus."""
    from .corpus import bundled_corpus_path

    return Path(os.path.realpath(bundled_corpus_path() if args.corpus is None else args.corpus))


def _check_outputs(args, *dests):
    """Refuse, before any work, outputs that would fail or lose data; nothing is written when one would.

    Refused: '-' given twice (two tables would mix on standard output), one
    file given twice (one table would replace the other), standard output
    when it is closed, a file the folder of
    plans being read would take in as a plan or manifest (a later run would
    meet it among the plans), the plan file being read, and a file that
    cannot be written (a folder's name such as ``out/`` among them).

    Parameters
    ----------
    args : argparse.Namespace
    *dests : str
        The attributes of ``args`` that hold the command's output files.
    """
    from .writing import check_writable

    outputs = [(dest, getattr(args, dest)) for dest in dests if getattr(args, dest)]
    seen = {}
    for dest, path in outputs:
        # /dev/stdout is written as '-' is.
        key = "-" if _is_standard_output(path) else os.path.realpath(path)
        if key in seen and key == "-":
            raise PolicyCompareError(f"{_flag(seen[key])} and {_flag(dest)} both write to standard output ('-'), where the two tables would mix; give one a file")
        if key in seen:
            raise PolicyCompareError(f"given to both {_flag(seen[key])} and {_flag(dest)}; one table would replace the other", path=path)
        if key == "-" and sys.stdout is None:
            raise PolicyCompareError(f"standard output is closed; give {_flag(dest)} a file")
        seen[key] = dest
    plans = _plans_path(args)
    for dest, path in outputs:
        if _is_standard_output(path):
            continue
        if _would_be_read(Path(os.path.realpath(path)), plans):
            if os.path.isfile(plans) and Path(os.path.realpath(path)) == Path(plans):
                raise PolicyCompareError(f"cannot write over the plan being read; write {_flag(dest)} elsewhere", path=path)
            if os.path.isfile(plans):
                # A plan file is read through its folder's manifest: writing that, or a plan beside it, changes what is read.
                raise PolicyCompareError(f"would be read as the manifest or a plan of the folder of the plan being read ({args.corpus}); "
                                         f"write {_flag(dest)} elsewhere, or as .csv", path=path)
            raise PolicyCompareError(f"would be read as a plan or manifest of the folder being read ({args.corpus or 'the bundled corpus'}); "
                                     f"write {_flag(dest)} elsewhere, or as .csv", path=path)
        check_writable(path)


def _would_be_read(output, plans):
    """Whether ``output`` (a real path) is the plan file being read, or a file the plans folder's reader would take in.

    A .csv table beside the plans is harmless; a .txt, .html, .docx or
    .pdf one, or a manifest.csv, would be met among the plans next time. A
    plan file given alone is read through its folder's manifest: that, and
    the plan itself, are refused.
    """
    from .corpus import DEFAULT_MANIFEST, UNREAD_SUFFIXES
    from .reading import READABLE_SUFFIXES

    # os.path, not Path: a name the system refuses (too long) is for the reading to report, not this check.
    if os.path.isfile(plans):
        return output == plans or (output.parent == plans.parent and output.name.casefold() == DEFAULT_MANIFEST)
    if not os.path.isdir(plans) or not output.is_relative_to(plans):
        return False
    return output.suffix.lower() in (*READABLE_SUFFIXES, *UNREAD_SUFFIXES) or output.name.casefold() == DEFAULT_MANIFEST


def _check_output_folder(args):
    """Refuse, before any work, an output folder that cannot be made, is the folder of plans being read, or holds a file
    of the user's that the command would replace (see :func:`_check_replaced_files`)."""
    from .writing import check_output_dir

    check_output_dir(args.out, plans=_plans_path(args))
    _check_replaced_files(args)


def _check_replaced_files(args):
    """Refuse an output folder of a draft check holding a file the command would replace but did not write.

    The rule is write_draft_comparison's own (:func:`~policycompare.drafting.check_replaced_draft_files`),
    applied here before the check runs rather than after. A report's folder
    is checked by :func:`~policycompare.report.write_report`, which knows the
    names of its files once the plans are read.
    """
    if args.command == "report":
        # Which files a report writes depends on its plans (a graph file each): write_report checks, once they are read.
        return
    from .drafting import check_replaced_draft_files

    check_replaced_draft_files(args.out)


def _plans_name(args):
    """The plans being read, for messages: the CORPUS given, or the bundled corpus."""
    return args.corpus or "the bundled corpus"


def _check_ids(args, corpus, ids, option):
    """Refuse ids given to ``option`` (--docs, DOC_ID) that repeat or that the plans lack, naming the option and the plans.

    The library's own refusals name its parameter (``docs``) and "the corpus",
    neither of which the user typed.
    """
    from .corpus import _check_once, _unknown_id

    # The library's check of ids given twice, named by the option typed.
    _check_once(ids, option, "document")
    missing = next((doc_id for doc_id in ids if doc_id not in corpus), None)
    if missing is not None:
        # The library's hint (did you mean …?) and list of ids follow the option's words.
        lead = f"{option} names {missing!r}, which is not one of its documents"
        raise PolicyCompareError(str(_unknown_id(missing, corpus.doc_ids, documents=corpus, lead=lead)), path=_plans_name(args))


def _parse_docs(value):
    docs = [d.strip() for d in value.split(",") if d.strip()]
    if not docs:
        raise argparse.ArgumentTypeError("expected comma-separated document ids, e.g. huaxi,anning")
    return docs


def _parse_doc_id(value):
    """One document id, without spaces at its ends, as ``--docs`` reads each of its ids and as no id has them."""
    if not value.strip():
        raise argparse.ArgumentTypeError("expected a document id, e.g. huaxi")
    return value.strip()


def _path(value):
    """A file or folder to write: not empty (an unset shell variable in ``-o "$OUT"``)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("expected a file or folder name, got an empty one")
    return value


def _folder(value):
    """An output folder: a name, and not '-', which every table command reads as standard output."""
    if value.strip() == "-":
        raise argparse.ArgumentTypeError("an output folder cannot be '-' (standard output takes one table, not a folder of files)")
    return _path(value)


def _graph_path(value):
    """A graph file to write: its suffix says the format, so standard output ('-') cannot take one.

    The suffix is read as ``write_graph`` reads it: ``.gexf`` alone is a
    hidden file's name, with no suffix.

    Examples
    --------
    >>> _graph_path("花溪.GEXF")
    '花溪.GEXF'
    >>> _graph_path("out/.graphml")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected FILE.gexf or FILE.graphml, got 'out/.graphml'
    """
    if Path(value).suffix.lower() not in (".gexf", ".graphml"):
        raise argparse.ArgumentTypeError(f"expected FILE.gexf or FILE.graphml, got {value!r}")
    return value


def _at_least(minimum, expected):
    """An argparse type: a whole number of ``minimum`` or more, refused as ``expected …, got '…'``."""

    def whole_number(value):
        try:
            number = int(value)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise argparse.ArgumentTypeError(f"expected {expected}, got {value!r}")
        return number

    return whole_number


_positive_int = _at_least(1, "a positive whole number")
_whole_number = _at_least(0, "a whole number, 0 or more")
# --window of graph: two tokens, the smallest window in which two terms can occur together.
_window_option = _at_least(2, "a whole number, 2 or more (2: adjacent tokens)")


def _top_k_option(value):
    """--top-k of align and report: a positive whole number, "none" or "auto"."""
    if value.strip().lower() in ("none", "auto"):
        return None if value.strip().lower() == "none" else "auto"
    try:
        return _positive_int(value)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, none or auto, got {value!r}") from None


def _fraction(value):
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number <= 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {value!r}")
    return number


def run_documents(args):
    _check_outputs(args, "output", "cleaning")
    corpus = _corpus(args)
    _write_tables(args, [("output", corpus.documents, {}), *([("cleaning", corpus.cleaning, {})] if args.cleaning else [])])


def run_measures(args):
    from . import annotations
    from .structure import extract_measures

    extras = {
        "targets": annotations.extract_targets,
        "units": annotations.extract_responsibilities,
        "dates": annotations.extract_dates,
        "programmes": annotations.extract_programmes,
        "references": annotations.extract_references,
    }
    _check_outputs(args, "output", *extras)
    measures = extract_measures(_corpus(args))
    # Say which plans had no numbering, so paragraphs are not mistaken for measures.
    for row in measures[measures["segmentation"] != "numbered"].drop_duplicates("doc_id").itertuples():
        _note(args, f"note: {row.doc_id} has no numbering; split into {row.segmentation}")
    _write_tables(args, [("output", measures, {}), *((name, extract(measures), {}) for name, extract in extras.items() if getattr(args, name))])


def run_keywords(args):
    from .keywords import extract_keywords

    _check_outputs(args, "output")
    _write(extract_keywords(_corpus(args), n=args.n), args.output, quiet=args.quiet)


def run_distinctive(args):
    from .errors import listed, warn
    from .keywords import _group_labels, compute_distinctive_terms

    _check_outputs(args, "output")
    corpus = _corpus(args)
    # Checked here too, to word both refusals in the command's terms (--groups, plans) rather than the library's.
    columns = [] if args.groups is None else list(corpus.documents.columns)
    if args.groups is not None and args.groups not in columns:
        raise PolicyCompareError(f"--groups {args.groups!r} is not a column of the documents table; allowed: {', '.join(columns)}")
    # The plans a column leaves out are a warning worded for the command (the manifest, not a dict), which
    # --quiet does not hide: the table then compares fewer plans than the folder holds.
    labels = corpus.doc_ids if args.groups is None else _group_labels(corpus, list(corpus), args.groups, warn_left_out=False)
    left_out = [doc_id for doc_id, label in zip(corpus.doc_ids, labels) if label is None]
    if left_out:
        warn(f"left out {len(left_out)} plan{'s' if len(left_out) > 1 else ''} without a value in {args.groups!r}: "
             f"{listed(left_out, shown=20)}; fill the column in the manifest to compare them")
    groups = list(dict.fromkeys(label for label in labels if label is not None))
    if len(groups) < 2:
        shown = f" ({listed(groups)})" if groups else ""
        if args.groups is None:
            raise PolicyCompareError(f"holds only {len(groups)} plan{shown}; distinctive compares plans with each other", path=_plans_name(args))
        raise PolicyCompareError(f"--groups {args.groups!r} gives only {len(groups)} group{'s' if len(groups) != 1 else ''}{shown}; "
                                 "distinctive compares groups of plans with each other", path=_plans_name(args))
    # The labels read, as a dict: the plans to leave out are named in it, and the library reads the column no more.
    by_document = None if args.groups is None else {doc_id: label for doc_id, label in zip(corpus.doc_ids, labels) if label is not None}
    _write(compute_distinctive_terms(corpus, groups=by_document, method=args.method, n=args.n), args.output, quiet=args.quiet)


def run_similarity(args):
    _check_outputs(args, "output")
    corpus = _corpus(args)
    if args.method == "shingles":
        from .reuse import compute_shingle_similarity

        matrix = compute_shingle_similarity(corpus)
    else:
        from .vectors import compute_similarity

        matrix = compute_similarity(corpus)
    _write(matrix.round(6), args.output, quiet=args.quiet, index=True)


def run_reuse(args):
    from .reuse import find_reuse, summarize_reuse
    from .structure import extract_measures

    _check_outputs(args, "output", "summary")
    corpus = _corpus(args)
    if args.docs is not None:
        _check_ids(args, corpus, args.docs, "--docs")
        corpus = corpus.subset(args.docs)
    if len(corpus) < 2 and args.docs:
        raise PolicyCompareError(f"reuse compares plans with each other; --docs names only {len(corpus)}")
    if len(corpus) < 2:
        raise PolicyCompareError(f"holds only {len(corpus)} plan; reuse compares plans with each other", path=_plans_name(args))
    passages = find_reuse(corpus, min_length=args.min_length, max_gap=args.max_gap, measures=extract_measures(corpus))
    summary = [("summary", summarize_reuse(passages, corpus), {})] if args.summary else []
    _write_tables(args, [("output", passages, {}), *summary])


def run_graph(args):
    from .graphs import build_keyword_graph, write_graph

    _check_outputs(args, "output")
    corpus = _corpus(args)
    _check_ids(args, corpus, [args.doc_id], "DOC_ID")
    graph = build_keyword_graph(corpus[args.doc_id], reference=corpus, window=args.window, min_count=args.min_count)
    write_graph(graph, args.output)
    _note(args, f"wrote {args.output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


def run_align(args):
    from .alignment import align_measures
    from .report import report_top_k
    from .tokens import _cutting_ahead

    _check_outputs(args, "output")
    # The dictionary loads for the tokenizing workers while the plans are read (unused if the cache has the result).
    # The default tokenizer's dictionary is the one the alignment's place-name-masking tokenizer uses.
    with _cutting_ahead(None, args.jobs):
        corpus = _corpus(args)
        if args.docs is not None:
            _check_ids(args, corpus, args.docs, "--docs")
        # "auto" caps as the report does, so `align` gives the links a report of the same plans shows.
        top_k = report_top_k(len(args.docs or corpus), args.top_k)
        per_plan = 5 if args.per_plan is None else args.per_plan
        alignment = align_measures(corpus, docs=args.docs, per_plan=per_plan, top_k=top_k, threshold=args.threshold, one_to_one=args.one_to_one, n_jobs=args.jobs)
    # Without --with-text the texts stay out: `policycompare measures` has them, and ids and offsets lead there.
    columns = None if args.with_text else [c for c in alignment.columns if c not in ("text_a", "text_b")]
    _write(alignment, args.output, quiet=args.quiet, columns=columns)


def run_instruments(args):
    from .instruments import instrument_matrix

    _check_outputs(args, "output")
    corpus = _corpus(args)
    if args.docs is not None:
        _check_ids(args, corpus, args.docs, "--docs")
    matrix = instrument_matrix(corpus, docs=args.docs, method=args.method, cut=args.cut, frames=args.frames, version_overlap=args.version_overlap, n_jobs=args.jobs)
    _write(matrix, args.output, quiet=args.quiet)


def run_typology(args):
    from .structure import extract_measures
    from .typology import code_instruments, typology_crosstab

    _check_outputs(args, "output", "crosstab")
    coding = code_instruments(extract_measures(_corpus(args)), scheme=args.scheme)
    crosstab = [("crosstab", typology_crosstab(coding, level=args.level or "type", normalize=args.normalize), {"index": True})] if args.crosstab else []
    _write_tables(args, [("output", coding, {}), *crosstab])


def run_report(args):
    from .report import _check_report_folders, write_report

    _check_output_folder(args)
    # Its tables/, figures/ and graphs/ too, before the plans are read (write_report checks them again, before it makes any).
    _check_report_folders(args.out)
    for path in write_report(_corpus(args), args.out, progress=not args.quiet, n_jobs=args.jobs, top_k=args.top_k):
        _note(args, f"wrote {path}")


def run_draft(args):
    from .corpus import load_corpus
    from .drafting import _TRADITIONAL_WARNING, _read_draft, compare_draft, write_draft_comparison
    from .errors import kept_warnings

    # An output folder that cannot be made is refused before the check runs, not after it; so is a draft that
    # cannot be read, before the peers are (their warnings would come first).
    _check_output_folder(args)
    with kept_warnings() as read:
        draft = _read_draft(args.draft, convert=args.convert)
    version_overlap = None if args.every_document else 0.5 if args.version_overlap is None else args.version_overlap
    # The peers are quoted in every table, so they are read as their files are unless --convert-peers is given:
    # converting plans in simplified characters changes the odd character of a name (t2s makes 东昇小学 东升小学).
    # Whether a peer's traditional characters matter depends on the draft's script, and compare_draft, which knows
    # it, says so naming --convert or --convert-peers; reading a peer would name --convert, which is the draft's here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_TRADITIONAL_WARNING, category=PolicyCompareWarning)
        # A draft saved in its peers' folder is no plan the manifest lacks: no advice to add it.
        corpus = load_corpus(args.corpus, convert=args.convert_peers, drafts=[args.draft])
    if args.peers:
        _check_ids(args, corpus, args.peers, "--peers")
    comparison = compare_draft(draft, corpus, peers=args.peers, min_peers=args.min_peers, cover_threshold=args.cover_threshold,
                               version_overlap=version_overlap, n_jobs=args.jobs)
    # The warnings of reading the draft belong with the check's own, in its summary and page; those of reading the
    # peers are there already (compare_draft lists the corpus's read warnings), after the draft's, as they were read.
    checked = [message for message in comparison.warnings if not re.match(_TRADITIONAL_WARNING, message)]
    comparison.warnings = list(dict.fromkeys([*read, *checked]))
    written = write_draft_comparison(comparison, args.out)
    _note(args, f"wrote {args.out}: {', '.join(path.name for path in written)}")
    print(comparison.summary())


def build_parser(*, width=None):
    """The argument parser; every subcommand has help text (tested).

    Parameters
    ----------
    width : int, default=None
        Line width of the help text (the reference page uses 100); ``None``
        follows the terminal.

    Returns
    -------
    argparse.ArgumentParser
    """
    formatter = argparse.HelpFormatter if width is None else functools.partial(argparse.HelpFormatter, width=width)
    parser = argparse.ArgumentParser(prog="policycompare", description="Compare public-policy plans across regions.", formatter_class=formatter)
    parser.add_argument("--verbose", action="store_true", help="show the full traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name, handler, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text, formatter_class=formatter)
        sub.set_defaults(handler=handler)
        # Also after the command's name (policycompare draft plan.txt --verbose); SUPPRESS keeps one given before it.
        sub.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS, help="show the full traceback on errors")
        sub.add_argument("--quiet", action="store_true", help="print no progress, notes or files written; warnings and errors still show")
        return sub

    def corpus_argument(sub, convert="convert traditional characters to simplified ones"):
        sub.add_argument("corpus", nargs="?", default=None, metavar="CORPUS", help="folder of plans, or one plan file of it, read through its manifest (default: the bundled corpus)")
        sub.add_argument("--convert", choices=_CONVERSIONS, default=None,
                         help=f"{convert}; hk2s and tw2s read the forms of Hong Kong and Taiwan too (needs policycompare[traditional])")

    def output_argument(sub, default):
        sub.add_argument("-o", "--output", type=_path, default=default, help=f"CSV file to write, '-' for standard output (default: {default})")

    sub = command("documents", run_documents, "Write the documents table (metadata, sizes, encodings).")
    corpus_argument(sub)
    output_argument(sub, "documents.csv")
    sub.add_argument("--cleaning", metavar="FILE", type=_path, help="also write the cleaning record (every removed or replaced span)")

    sub = command("measures", run_measures, "Split every plan into its numbered measures.")
    corpus_argument(sub)
    output_argument(sub, "measures.csv")
    for name, what in (("targets", "quantitative targets"), ("units", "responsible units"), ("dates", "dates, deadlines and phases"), ("programmes", "quoted programme names"), ("references", "referenced documents")):
        sub.add_argument(f"--{name}", metavar="FILE", type=_path, help=f"also write the {what} as CSV")

    sub = command("keywords", run_keywords, "Write each plan's top keywords (TF-IDF), ranked.")
    corpus_argument(sub)
    output_argument(sub, "keywords.csv")
    sub.add_argument("-n", type=_positive_int, default=20, help="keywords per plan (default: 20)")

    sub = command("distinctive", run_distinctive, "Write the distinctive terms of each plan or group against the others.")
    corpus_argument(sub)
    output_argument(sub, "distinctive.csv")
    sub.add_argument("--groups", default=None, help="a documents-table column to group by (default: each document)")
    sub.add_argument("--method", choices=("log_odds", "chi2", "g2"), default="log_odds", help="statistic (default: log_odds)")
    sub.add_argument("-n", type=_positive_int, default=None, help="highest-ranked terms kept per plan or group (default: all, negative scores last)")

    sub = command("similarity", run_similarity, "Write the document similarity matrix.")
    corpus_argument(sub)
    output_argument(sub, "similarity.csv")
    sub.add_argument("--method", choices=("tfidf", "shingles"), default="tfidf", help="TF-IDF cosine or character-shingle overlap (default: tfidf)")

    sub = command("reuse", run_reuse, "Write the near-verbatim passages plans share, with offsets and measure ids.")
    corpus_argument(sub)
    output_argument(sub, "reuse.csv")
    sub.add_argument("--docs", type=_parse_docs, default=None, help="comma-separated document ids, two or more (default: all)")
    sub.add_argument("--min-length", type=_positive_int, default=30, help="shortest passage kept, in characters (default: 30)")
    sub.add_argument("--max-gap", type=_whole_number, default=10, help="largest edit bridged inside one passage, in characters; 0 keeps exact runs only (default: 10)")
    sub.add_argument("--summary", metavar="FILE", type=_path, help="also write the share of each plan's text that each pair shares")

    sub = command("graph", run_graph, "Write one plan's keyword co-occurrence graph (GEXF or GraphML).")
    sub.add_argument("doc_id", metavar="DOC_ID", type=_parse_doc_id, help="the document's id")
    corpus_argument(sub)
    sub.add_argument("-o", "--output", type=_graph_path, required=True, help="FILE.gexf or FILE.graphml")
    sub.add_argument("--window", type=_window_option, default=5, help="co-occurrence window in tokens, 2 or more (default: 5)")
    sub.add_argument("--min-count", type=_positive_int, default=2, help="drop terms rarer than this (default: 2)")

    sub = command("align", run_align, "Align measures across plans.")
    corpus_argument(sub)
    output_argument(sub, "alignment.csv")
    sub.add_argument("--docs", type=_parse_docs, default=None, help="comma-separated document ids (default: all)")
    sub.add_argument("--top-k", type=_top_k_option, default=None,
                     help="links kept per measure in all, its best over every peer plan, or 'none', or 'auto' as in the report (default: none)")
    # --one-to-one keeps one link per measure and peer plan: a --per-plan beside it would be ignored.
    links = sub.add_mutually_exclusive_group()
    links.add_argument("--per-plan", type=_positive_int, default=None, help="links kept per measure and peer plan (default: 5)")
    links.add_argument("--one-to-one", action="store_true", help="keep each measure's best link by score to each peer plan where it is the other's best too (as --per-plan 1)")
    sub.add_argument("--threshold", type=_fraction, default=None, help="lowest score of a link kept, 0 to 1 (default: the alignment model's)")
    sub.add_argument("--with-text", action="store_true", help="include both measures' texts (default: ids, headings and offsets only)")
    sub.add_argument("--jobs", type=_positive_int, default=1, help="processes for tokenization and, above 2,000 measures, threads for scoring (default: 1)")

    sub = command("instruments", run_instruments, "Write the instrument × region matrix (shared, partial, unique).")
    corpus_argument(sub)
    output_argument(sub, "instruments.csv")
    sub.add_argument("--docs", type=_parse_docs, default=None, help="comma-separated document ids (default: all)")
    sub.add_argument("--method", choices=["average", "louvain"], default="average",
                     help="average: average linkage over the link scores (default); louvain: communities of mutual best links")
    sub.add_argument("--cut", type=_fraction, default=None, help="lowest mean link score inside an instrument, 0 to 1 (average linkage; default: the alignment threshold)")
    sub.add_argument("--frames", choices=["role", "links"], default="role",
                     help="role: a plan's guiding ideology, principles, goals and schedule are one instrument per role (default); links: grouped like measures")
    sub.add_argument("--version-overlap", type=_fraction, default=None,
                     help="count versions of one plan once: two documents are versions when at least this share of one's measures, 0 to 1, have a near-verbatim counterpart in the other and the manifest names no two places (e.g. 0.5; default: count every document)")
    sub.add_argument("--jobs", type=_positive_int, default=1, help="processes for tokenization and, above 2,000 measures, threads for scoring (default: 1)")

    sub = command("typology", run_typology, "Code every measure with the policy-instrument typologies, with evidence.")
    corpus_argument(sub)
    output_argument(sub, "typology.csv")
    sub.add_argument("--scheme", choices=("both", "rothwell_zegveld", "mcdonnell_elmore"), default="both", help="typology (default: both)")
    sub.add_argument("--crosstab", metavar="FILE", type=_path, help="also write the instrument type × region crosstab")
    sub.add_argument("--level", choices=("type", "subtype"), default=None, help="crosstab rows, with --crosstab (default: type)")
    sub.add_argument("--normalize", action="store_true", help="crosstab shares instead of counts, with --crosstab")

    sub = command("report", run_report, "Write the HTML report with every figure and table.")
    corpus_argument(sub)
    sub.add_argument("-o", "--out", type=_folder, default="report", help="output folder (default: report); refused if it holds a file the report would replace and an earlier report did not write")
    sub.add_argument("--jobs", type=_positive_int, default=1, help="processes for tokenization and for writing the figures (default: 1)")
    sub.add_argument("--top-k", type=_top_k_option, default="auto",
                     help="links kept per measure in all, its best over every peer plan, or 'none' (default: auto: none up to 20 plans, 10 above)")

    sub = command("draft", run_draft, "Check a draft plan against its peers: gaps, unique measures, matches, reuse.")
    sub.add_argument("draft", metavar="DRAFT", help="the draft (.txt, .md, .docx, .pdf or .html)")
    corpus_argument(sub, convert="convert the draft's traditional characters to simplified ones, for a draft in traditional characters checked "
                                 "against peers in simplified ones (the peers are read, and quoted, as their files are: see --convert-peers)")
    sub.add_argument("--convert-peers", choices=_CONVERSIONS, default=None,
                     help="convert the traditional characters of every peer to simplified ones, for peers in traditional characters checked "
                          "against a draft in simplified ones (default: the peers are read as their files are)")
    sub.add_argument("-o", "--out", type=_folder, default="draft-check", help="output folder (default: draft-check); refused if it holds a file the draft check would replace and an earlier draft check did not write")
    sub.add_argument("--peers", type=_parse_docs, default=None, help="comma-separated ids of the peer plans (default: every plan of CORPUS)")
    sub.add_argument("--min-peers", type=_positive_int, default=2, help="a gap is an instrument at least this many peer plans have (default: 2)")
    sub.add_argument("--cover-threshold", type=_fraction, default=None,
                     help="link score at which a draft measure covers a peer measure, 0 to 1 (default: the alignment threshold)")
    # --every-document counts versions apart: a --version-overlap beside it would be ignored.
    versions = sub.add_mutually_exclusive_group()
    versions.add_argument("--version-overlap", type=_fraction, default=None,
                          help="share of a plan's measures with a near-verbatim counterpart in another at which the two are versions of one plan and count once, unless the manifest names two places (default: 0.5)")
    versions.add_argument("--every-document", action="store_true", help="count every peer document, versions of one plan too")
    sub.add_argument("--jobs", type=_positive_int, default=1, help="processes for tokenization (default: 1)")
    return parser


def format_reference():
    """The CLI reference page (docs/cli.md), built from the parser so it cannot drift."""
    parser = build_parser(width=100)
    action = next(a for a in parser._actions if a.dest == "command")
    parts = [
        "# Command-line reference\n",
        "Every subcommand makes one library call. Errors in the input print one line naming the file "
        "and exit with status 1; a fault of the program prints one line that says so and exits with status "
        f"{EXIT_INTERNAL_ERROR} (see [Exit status](#exit-status)); `--verbose` shows the traceback. CORPUS is a folder "
        "of plans and defaults to the bundled corpus.\n",
        "```text\n" + parser.format_help() + "```\n",
    ]
    for name, sub in action.choices.items():
        sub.prog = f"policycompare {name}"
        parts.append(f"## policycompare {name}\n\n{sub.description}\n\n```text\n{sub.format_help()}```\n")
    parts.append(
        "## Exit status\n\n"
        "- 0: done.\n"
        "- 1: an error in the input (a plan, a manifest, an output that cannot be written, an id or option value "
        "the plans do not fit), printed as one line `policycompare: error: FILE: problem`; or memory ran out, "
        "or the system killed a worker process (most often for lack of memory), each with a hint (`--jobs 1`, fewer "
        "plans); or the machine refused a write (a full disk, a read-only file system), with its reason.\n"
        "- 2: arguments the command does not take, printed with its usage.\n"
        f"- {EXIT_INTERNAL_ERROR}: an internal error, a fault of the program rather than of its input (`EX_SOFTWARE` "
        "of sysexits.h), printed as one line naming the command and the exception, e.g. "
        "`policycompare: internal error in 'align': KeyError: 'doc_id' (run again with --verbose for the traceback; "
        "please report it)`.\n"
        "- 130: interrupted (Ctrl-C).\n"
        "- 141: the reader of standard output stopped reading before the table was all written "
        "(`policycompare measures -o - | head`); nothing is wrong. A table that fits in the pipe's buffer (64 KiB on "
        "Linux) is most often all written before then, and the command exits 0.\n"
    )
    return "\n".join(parts)


@contextlib.contextmanager
def _one_line_warnings():
    """Within the block, print each PolicyCompareWarning as ``policycompare: warning: …``, once."""
    shown = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, PolicyCompareWarning):
            print(f"policycompare: warning: {message}", file=sys.stderr)
        else:
            shown(message, category, filename, lineno, file, line)

    with warnings.catch_warnings():
        warnings.simplefilter("default", PolicyCompareWarning)
        warnings.showwarning = show
        yield


def _command_parser(parser, name):
    """The subparser of command ``name`` (the program's parser if there is none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return action.choices[name]
    return parser


def _printable(text):
    r"""``text`` with the undecodable bytes of a file name (lone surrogates) written as ``\udcXX``.

    Examples
    --------
    >>> _printable("plans/\udcbc\udcc6.txt: problem")
    'plans/\\udcbc\\udcc6.txt: problem'
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _input_error(err):
    """The line (without the program's name) for an error in the user's input, or None for a fault of the program.

    Errors in the input are the package's own, and the system's refusals
    that name a file; memory running out is neither, and is left to the caller.

    Examples
    --------
    >>> _input_error(FileNotFoundError(2, "No such file or directory", "计划.txt"))
    '计划.txt: No such file or directory'
    >>> _input_error(KeyError("doc_id")) is None
    True
    """
    if isinstance(err, PolicyCompareError):
        return str(err)
    if isinstance(err, OSError) and err.filename is not None and err.strerror:
        name = os.fsdecode(err.filename) if isinstance(err.filename, (str, bytes, os.PathLike)) else str(err.filename)
        return f"{name}: {err.strerror}"
    return None


def _worker_killed(err):
    """Whether ``err`` says that a worker process died from outside (a signal), not that its work failed.

    Examples
    --------
    >>> from concurrent.futures.process import BrokenProcessPool
    >>> _worker_killed(BrokenProcessPool("A process in the process pool was terminated abruptly"))
    True
    >>> _worker_killed(RuntimeError("terminated abruptly"))
    False
    """
    # Imported here: the executor loads multiprocessing, which --help should not pay for.
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(err, BrokenProcessPool)


def _described(err, *, limit=300):
    """An exception as the last line of its traceback names it, on one line of at most about ``limit`` characters.

    Examples
    --------
    >>> _described(KeyError("doc_id"))
    "KeyError: 'doc_id'"
    >>> _described(AssertionError())
    'AssertionError'
    """
    kind = type(err).__qualname__ if type(err).__module__ == "builtins" else f"{type(err).__module__}.{type(err).__qualname__}"
    text = " ".join(str(err).split())
    if len(text) > limit:
        text = text[:limit] + " …"
    return f"{kind}: {text}" if text else kind


def _failure(err, args):
    """The line that reports ``err``, an exception that ended command ``args.command``, and the exit status.

    An error in the input gives status 1, and so do memory running out or a
    worker process killed by the system (the input was too large for the
    machine, not wrong) and the machine refusing a write (a full disk, a
    read-only file system); anything else is a fault of the program,
    reported as an internal error with status 70.
    """
    message = _input_error(err)
    if message is not None:
        return f"policycompare: error: {message}", 1
    fewer = "run again with --jobs 1, or on fewer plans" if getattr(args, "jobs", 1) > 1 else "run again on fewer plans"
    if isinstance(err, MemoryError):
        # NumPy says how much it could not allocate; a plain MemoryError says nothing.
        detail = " ".join(str(err).split())
        detail = f" ({detail})" if detail else ""
        return f"policycompare: error: ran out of memory in {args.command!r}{detail}; {fewer}", 1
    if _worker_killed(err):
        # The system stopped a worker from outside (most often its out-of-memory killer): nothing in the
        # program failed, and the traceback would only show the pool noticing.
        return (f"policycompare: error: a worker process of {args.command!r} was killed (by the system, most often "
                f"when memory runs out); {fewer}"), 1
    if isinstance(err, OSError) and err.errno in _SYSTEM_REFUSALS and err.strerror:
        # A full disk or a read-only file system says so without naming a file when a write fails.
        return f"policycompare: error: {err.strerror} (while running {args.command!r})", 1
    traceback_hint = "the traceback is above" if args.verbose else "run again with --verbose for the traceback"
    return f"policycompare: internal error in {args.command!r}: {_described(err)} ({traceback_hint}; please report it)", EXIT_INTERNAL_ERROR


def _ignored_option(args):
    """Why an option given would be ignored, or None; refused rather than ignored.

    The pairs of options that exclude each other are argparse's mutually
    exclusive groups; this holds the options that need another one.
    """
    if args.command == "typology" and not args.crosstab:
        given = "--level" if args.level else "--normalize" if args.normalize else None
        return given and f"{given} applies to the crosstab only; add --crosstab FILE"
    if args.command == "instruments" and args.method == "louvain" and args.cut is not None:
        return "--cut applies to --method average only (louvain has no cut)"
    return None


def main(argv=None):
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 1 after an error in the input (printed as one line
        naming the file), when memory ran out, a worker process was killed
        or the machine refused a write; 2 (by argparse, which exits)
        for arguments it refuses; 70 (``EX_SOFTWARE`` of sysexits.h) after an
        internal error, a fault of the program rather than of its input,
        printed as one line naming the command and the exception; 130 when
        interrupted; 141 when the reader of standard output stopped reading
        before the table was all written.
        ``--verbose`` prints the traceback before the line.
    """
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # argparse would blame the program's usage; the command's own usage shows what it takes.
        _command_parser(parser, args.command).error(f"unrecognized arguments: {' '.join(unknown)}")
    ignored = _ignored_option(args)
    if ignored:
        _command_parser(parser, args.command).error(ignored)
    try:
        with _one_line_warnings():
            args.handler(args)
    except BrokenPipeError:
        # The reader of standard output stopped (policycompare align … -o - | head): nothing is wrong.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("policycompare: interrupted", file=sys.stderr)
        return 130
    except Exception as err:
        if args.verbose:
            traceback.print_exc()
        line, status = _failure(err, args)
        print(_printable(line), file=sys.stderr)
        return status
    return 0
