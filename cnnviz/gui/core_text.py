"""The core's messages in the app's language: what every view shows of a core error.

The core raises its errors with :func:`cnnviz.core.messages.message`: English text that keeps
its template and parameters. :func:`user_text` looks the template up in the catalogue (context
``"CoreMessages"``; :mod:`cnnviz.gui.core_messages` lists every template for pyside6-lupdate)
and fills in the parameters, translating those that are messages too (a clause, a piece of
advice). Anything else — a plain string, an exception from torch or the OS — is shown as it is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from cnnviz.core.messages import Message, message_of

__all__ = ["CONTEXT", "user_text"]

CONTEXT = "CoreMessages"


def user_text(what: BaseException | str) -> str:
    """The message of ``what`` (an exception or a text) in the app's language.

    An exception raised with a :class:`~cnnviz.core.messages.Message` gives that message
    translated; any other exception gives ``str(exc)``, any other text itself.
    """
    text = message_of(what) if isinstance(what, BaseException) else what
    return _translated(text) if isinstance(text, Message) else str(text)


def _translated(m: Message) -> str:
    template = QCoreApplication.translate(CONTEXT, m.template)
    try:
        return m.render(template, _param)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return m.render(m.template, _param)


def _param(value: Any) -> Any:
    return _translated(value) if isinstance(value, Message) else value
