"""The core's sentences for the user, in English, kept translatable.

A :class:`Message` is the English text itself (a ``str``: the CLI, logs and tests read it as
before) that also keeps its template and parameters, so the GUI can show it in the app's
language (``cnnviz.gui.core_text.user_text`` looks the template up in the Qt catalogue and
fills in the same parameters). Raise sites write ``message("…{lo}…", lo=lo)`` with a literal
template: ``scripts/core_messages.py`` collects every such template for the catalogue.

>>> m = message("padding must be at least {lo}, not {v!r}.", lo=0, v=-1)
>>> m
'padding must be at least 0, not -1.'
>>> m.template, m.params
('padding must be at least {lo}, not {v!r}.', {'lo': 0, 'v': -1})
>>> m.render("填充至少为 {lo}，而不是 {v!r}。")
'填充至少为 0，而不是 -1。'

A parameter that is itself a :class:`Message` (a clause, a piece of advice) is translated with
the sentence around it; numbers, names of layers, files and keys stay as they are.
:meth:`Message.to_json` keeps a message across a JSON file (a run's ``status.json``).

This module belongs to ``cnnviz.core`` and imports no GUI library.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

__all__ = ["Message", "message", "message_of"]

_JSON_SCALARS = (str, int, float, bool, type(None))


class _Shown(str):
    """A parameter read back from JSON as the text it was shown as: printed as it is, whatever
    conversion or format spec the template (or its translation) gives its field."""


class _Formatter(string.Formatter):
    def convert_field(self, value: Any, conversion: str | None) -> Any:
        return value if isinstance(value, _Shown) else super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        return str(value) if isinstance(value, _Shown) else super().format_field(value, format_spec)


_FORMATTER = _Formatter()


class Message(str):
    """English text made from ``template`` and ``params`` (``template.format(**params)``),
    remembering both. Equal to, and hashed as, the English text."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any] | None = None) -> Message:
        params = dict(params or {})
        self = super().__new__(cls, _FORMATTER.vformat(template, (), params))
        self.template, self.params = template, params
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # picklable: errors cross threads and processes
        return (type(self), (self.template, self.params))

    def render(self, template: str, param: Callable[[Any], Any] | None = None) -> str:
        """This message's parameters put into ``template`` (its translation), each passed
        through ``param`` first (the GUI translates the parameters that are messages).

        Raises ``KeyError``, ``IndexError`` or ``ValueError`` when ``template`` asks for a
        parameter this message lacks or formats one wrongly.
        """
        params = self.params if param is None else {k: param(v) for k, v in self.params.items()}
        return _FORMATTER.vformat(template, (), params)

    def to_json(self) -> dict[str, Any]:
        """A JSON form :meth:`from_json` reads back (non-JSON parameters are kept as the text
        the template showed them as)."""
        fields = {name: (conv, spec) for _, name, spec, conv in _fields(self.template)}
        params: dict[str, Any] = {}
        for k, v in self.params.items():
            if isinstance(v, Message):
                params[k] = {"message": v.to_json()}
            elif isinstance(v, _Shown):
                params[k] = {"shown": str(v)}
            elif v is None or type(v) in (str, int, float, bool):
                params[k] = v
            else:
                conv, spec = fields.get(k, (None, ""))
                shown = _FORMATTER.format_field(_FORMATTER.convert_field(v, conv), spec or "")
                params[k] = {"shown": shown}
        return {"template": self.template, "params": params}

    @classmethod
    def from_json(cls, data: Any) -> Message | None:
        """The message :meth:`to_json` wrote, or ``None`` when ``data`` is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("template"), str):
            return None
        raw = data.get("params")
        if not isinstance(raw, dict):
            return None
        params: dict[str, Any] = {}
        for k, v in raw.items():
            if isinstance(v, dict) and isinstance(v.get("shown"), str):
                params[k] = _Shown(v["shown"])
            elif isinstance(v, dict) and "message" in v:
                nested = cls.from_json(v["message"])
                if nested is None:
                    return None
                params[k] = nested
            elif isinstance(v, _JSON_SCALARS):
                params[k] = v
            else:
                return None
        try:
            return cls(data["template"], params)
        except (KeyError, IndexError, ValueError, TypeError):
            return None


def _fields(template: str) -> list[tuple[str, str, str, str | None]]:
    """(literal, field name, format spec, conversion) of each ``{…}`` in ``template``."""
    return [
        (lit, name, spec or "", conv)
        for lit, name, spec, conv in string.Formatter().parse(template)
        if name is not None
    ]


def message(template: str, /, **params: Any) -> Message:
    """The English sentence ``template.format(**params)``, translatable by the GUI.

    ``template`` must be a string literal at the call (the catalogue is collected from the
    source); put names, numbers and other messages in ``params``.
    """
    return Message(template, params)


def message_of(exc: BaseException) -> str:
    """The exception's message: the :class:`Message` it was raised with, else ``str(exc)``."""
    args = getattr(exc, "args", ())
    if len(args) == 1 and isinstance(args[0], Message):
        return args[0]
    return str(exc)
