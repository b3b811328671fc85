"""Tidy tables keep their column types when they have no rows.

A table built from no rows gives every column pandas' ``object`` type, and
concatenating it with a table of rows turns that table's integer offsets into
objects too: a plan with no targets or no cleaning edits would break a
``merge_asof`` on offsets across the corpus. Every table the library returns
goes through :func:`typed`.
"""

import pandas as pd

__all__ = ["typed"]


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
