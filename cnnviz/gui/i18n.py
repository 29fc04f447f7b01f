"""Languages: English (the source texts) and Simplified Chinese, switchable at run time.

:func:`set_language` installs the app's and Qt's own translators on the application; Qt then
sends every widget a ``QEvent.LanguageChange`` and each view re-sets its texts. The catalogue
is ``resources/translations/cnnviz_zh_CN.ts`` (``make translations`` refreshes it and compiles
the ``.qm`` the app loads).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from cnnviz import resource_path

__all__ = [
    "LANGUAGES",
    "current_language",
    "default_language",
    "is_chinese",
    "set_language",
]

#: language code → its name in that language (what the menu shows)
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}

_current = "en"
_installed: list[QTranslator] = []  # kept alive while installed


def current_language() -> str:
    """The code of the language the app shows now (``"en"`` or ``"zh_CN"``)."""
    return _current


def is_chinese() -> bool:
    return _current.startswith("zh")


def default_language() -> str:
    """The system's language when cnnviz has it, else English."""
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def _translator(directory: str, stem: str) -> QTranslator | None:
    t = QTranslator()
    return t if t.load(stem, directory) else None


def set_language(code: str) -> None:
    """Show the app in the language ``code`` (a key of :data:`LANGUAGES`).

    Raises ``ValueError`` for an unknown code. English removes every translator.
    """
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before setting the language")
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
    _current = code
    if code != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ours = str(resource_path("translations"))
        for directory, stem in ((qt_dir, f"qtbase_{code}"), (ours, f"cnnviz_{code}")):
            t = _translator(directory, stem)
            if t is not None:
                QCoreApplication.installTranslator(t)
                _installed.append(t)
    QLocale.setDefault(QLocale(code if code != "en" else "en_GB"))
