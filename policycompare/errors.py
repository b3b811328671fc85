"""The one exception type users meet, so a caller can catch our errors apart from bugs."""

__all__ = ["PolicyCompareError"]


class PolicyCompareError(ValueError):
    """A problem with the user's input, worded as one line that names the file.

    Parameters
    ----------
    message : str
        What is wrong, in one line.
    path : str or os.PathLike, default=None
        The file or folder the problem is in; it starts the message.

    Examples
    --------
    >>> str(PolicyCompareError("file is empty", path="draft.txt"))
    'draft.txt: file is empty'
    """

    def __init__(self, message, *, path=None):
        self.path = None if path is None else str(path)
        self.reason = " ".join(str(message).split())
        super().__init__(self.reason if path is None else f"{self.path}: {self.reason}")
