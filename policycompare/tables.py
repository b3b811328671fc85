"""Tidy tables keep their column types when they have no rows.

A table built from no rows gives every column pandas' ``object`` type, and
concatenating it with a table of rows turns that table's integer offsets into
objects too: a plan with no targets or no cleaning edits would break a
``merge_asof`` on offsets across the corpus. Every table the library returns
goes through :func:`typed`.
"""

import pandas as pd

__all__ = ["check_table", "typed"]


def typed(frame, types):
    """``frame``, or, when it has no rows, ``frame`` with the types its columns have when it has some.

    Parameters
    ----------
    frame : pandas.DataFrame
    types : dict
        Column name -> dtype for the columns that hold numbers or booleans;
        every other column is a string column.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> empty = typed(pd.DataFrame(columns=["doc_id", "start", "score"]), {"start": "int64", "score": "float64"})
    >>> [str(t) for t in empty.dtypes] == [str(pd.Series(["a"]).dtype), "int64", "float64"]
    True
    """
    if len(frame):
        return frame
    return frame.astype({column: types.get(column, str) for column in frame.columns})


def check_table(frame, columns, *, name, source):
    """Raise unless ``frame`` is a DataFrame with ``columns``: a TypeError for another object, a ValueError naming the first missing column.

    Parameters
    ----------
    frame : object
        What the caller passed.
    columns : sequence of str
        The columns the caller reads.
    name : str
        The argument's name, for the message.
    source : str
        The function whose table is expected, for the message.

    Examples
    --------
    >>> check_table(pd.DataFrame({"doc_id": []}), ["doc_id", "start"], name="measures", source="extract_measures")
    Traceback (most recent call last):
    ...
    ValueError: measures lacks the column 'start'; expected a table from extract_measures with columns doc_id, start
    >>> check_table("corpus/", ["doc_id"], name="measures", source="extract_measures")
    Traceback (most recent call last):
    ...
    TypeError: measures must be a DataFrame from extract_measures, not str
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame from {source}, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column {missing[0]!r}; expected a table from {source} with columns {', '.join(columns)}")
