"""What cnnviz remembers between runs, stored with ``QSettings`` (organisation and app "cnnviz").

The environment variable ``CNNVIZ_SETTINGS`` names an ini file to use instead of the user's
settings (benchmarks and tests use it so they never touch them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings

from cnnviz.core import recent
from cnnviz.core.recent import RecentModel

__all__ = ["AppSettings", "open_settings"]

ORGANIZATION = "cnnviz"
APPLICATION = "cnnviz"


def open_settings(path: str | None = None) -> QSettings:
    """The settings store: the ini file ``path`` (or ``$CNNVIZ_SETTINGS``), else the user's."""
    path = path or os.environ.get("CNNVIZ_SETTINGS")
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


@dataclass
class AppSettings:
    """Typed access to the keys cnnviz stores."""

    store: QSettings

    def _get(self, key: str, default, kind):
        value = self.store.value(key, default)
        try:
            return kind(value) if value is not None else default
        except (TypeError, ValueError):
            return default

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    # window ------------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("architecture/splitter")

    def save_window(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray) -> None:
        self.store.setValue("window/geometry", geometry)
        self.store.setValue("window/state", state)
        self.store.setValue("architecture/splitter", splitter)

    # choices -----------------------------------------------------------------
    @property
    def last_model(self) -> str:
        return self._get("model/last", "lenet", str)

    @last_model.setter
    def last_model(self, name: str) -> None:
        self.store.setValue("model/last", name)

    @property
    def recent_models(self) -> list[RecentModel]:
        """Networks opened from files and torchvision, the last first."""
        return recent.loads(self._get("model/recent", "[]", str))

    @recent_models.setter
    def recent_models(self, entries: list[RecentModel]) -> None:
        self.store.setValue("model/recent", recent.dumps(entries))

    @property
    def theme(self) -> str:
        return self._get("view/theme", "system", str)

    @theme.setter
    def theme(self, choice: str) -> None:
        self.store.setValue("view/theme", choice)

    @property
    def font_scale(self) -> float:
        return self._get("view/font_scale", 1.0, float)

    @font_scale.setter
    def font_scale(self, scale: float) -> None:
        self.store.setValue("view/font_scale", float(scale))

    @property
    def language(self) -> str | None:
        return self._get("view/language", None, str)

    @language.setter
    def language(self, code: str) -> None:
        self.store.setValue("view/language", code)

    def sync(self) -> None:
        self.store.sync()
