"""Errors a user can read, and the field of a form or state they are about.

>>> from cnnviz.core.messages import message
>>> try:
...     raise FieldError("padding", message("padding must be at least {lo}.", lo=0))
... except ValueError as exc:
...     print(exc.field, "|", exc)
padding | padding must be at least 0.
"""

from __future__ import annotations

__all__ = ["FieldError"]


class FieldError(ValueError):
    """A value is wrong; ``field`` names it, so a view can show the sentence beside it.

    Parameters
    ----------
    field : str
        The state field at fault ("padding", "kernel_size", "input", …).
    message : str
        One sentence for the user: a :func:`~cnnviz.core.messages.message`, so the GUI can
        show it in the app's language.
    related : tuple of str, optional
        Other fields that could fix it (a kernel larger than the padded input is fixed by a
        smaller kernel, more padding, less dilation or a larger input); a view shows the
        sentence beside the one the user just changed when it is among them.
    """

    def __init__(self, field: str, message: str, related: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.field = field
        self.related = related

    def __reduce__(self):  # picklable, so it can cross a process or thread boundary
        return (type(self), (self.field, self.args[0], self.related))  # the Message itself
