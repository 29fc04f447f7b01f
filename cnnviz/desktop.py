"""Start cnnviz from the desktop's menu: a freedesktop entry and the app's icon.

:func:`install` writes ``cnnviz.desktop`` into ``$XDG_DATA_HOME/applications`` (default
``~/.local/share/applications``) and the icon into ``$XDG_DATA_HOME/icons/hicolor/…``; the
entry's ``Exec`` is the installed command, and each lesson is a desktop action (right-click
the launcher: *Lesson 7: GoogLeNet* starts the class full screen). :func:`uninstall` removes
exactly those files. Nothing here needs Qt or torch.

>>> "Categories=Education;Science;" in desktop_entry("/usr/bin/cnnviz-gui", lessons=[])
True
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from cnnviz.core.files import atomic_write_text

__all__ = ["ICON_SIZES", "desktop_entry", "install", "launcher_command", "uninstall"]

APP_ID = "cnnviz"  # the entry's file name, the icon's name and the window's WM_CLASS
#: the PNG sizes shipped in resources/icons (cnnviz-SIZE.png), rendered from cnnviz.svg
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (the spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher_command() -> list[str]:
    """The installed command that opens the app: ``cnnviz-gui`` (no console on Windows) or
    ``cnnviz`` beside this Python (a virtual environment's ``bin``), else on ``PATH``, else
    ``python -m cnnviz``."""
    here = Path(sys.executable).parent
    for name in ("cnnviz-gui", "cnnviz"):
        for candidate in (here / name, shutil.which(name)):
            if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
                return [str(Path(candidate).absolute())]
    return [sys.executable, "-m", "cnnviz"]


def _exec(argv: Sequence[str]) -> str:
    """An ``Exec`` value: arguments quoted as the desktop entry spec asks."""

    def quote(arg: str) -> str:
        if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%"):
            return arg
        escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
        escaped = escaped.replace("$", "\\$").replace("%", "%%")
        return f'"{escaped}"'

    return " ".join(quote(a) for a in argv)


def _lessons() -> list[tuple[str, str, str]]:
    """(name, English title, Chinese title) of every shipped lesson."""
    from cnnviz.core import lessons

    out = []
    for name in lessons.list_lessons():
        lesson = lessons.load_lesson(name)
        out.append((name, lesson.title, lesson.title_zh or lesson.title))
    return out


def desktop_entry(
    command: str | Sequence[str], *, lessons: Sequence[tuple[str, str, str]] | None = None
) -> str:
    """The text of ``cnnviz.desktop`` for ``command`` (a path, or argv); ``lessons`` as
    (name, title, Chinese title), each a desktop action (default: the shipped ones)."""
    argv = [command] if isinstance(command, str) else list(command)
    lessons = _lessons() if lessons is None else lessons
    ids = [f"lesson-{name.split('_', 1)[0]}" for name, _, _ in lessons]
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=cnnviz",
        "GenericName=Convolutional network visualiser",
        "GenericName[zh_CN]=卷积神经网络可视化",
        "Comment=See convolutional networks work: layer graphs, convolution step by step, "
        "live training",
        "Comment[zh_CN]=看卷积神经网络如何工作：层结构图、逐步卷积、实时训练",
        f"Exec={_exec(argv)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Education;Science;",
        "Keywords=CNN;convolution;neural network;deep learning;PyTorch;d2l;",
        f"StartupWMClass={APP_ID}",
        "StartupNotify=true",
    ]
    if ids:
        lines.append("Actions=" + "".join(f"{i};" for i in ids))
    for action, (name, title, title_zh) in zip(ids, lessons, strict=True):
        number = int(name.split("_", 1)[0]) if name[:2].isdigit() else name
        lines += [
            "",
            f"[Desktop Action {action}]",
            f"Name=Lesson {number}: {title}",
            f"Name[zh_CN]=第 {number} 课：{title_zh}",
            f"Exec={_exec([*argv, '--lesson', name])}",
        ]
    return "\n".join(lines) + "\n"


def _targets(home: Path) -> list[tuple[Path, Path | None]]:
    """(where, what from resources) of every file :func:`install` writes; None: the entry."""
    icons = Path(str(resources.files("cnnviz.resources") / "icons"))
    hicolor = home / "icons" / "hicolor"
    out: list[tuple[Path, Path | None]] = [(home / "applications" / f"{APP_ID}.desktop", None)]
    out.append((hicolor / "scalable" / "apps" / f"{APP_ID}.svg", icons / f"{APP_ID}.svg"))
    for size in ICON_SIZES:
        out.append(
            (hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png", icons / f"cnnviz-{size}.png")
        )
    return out


def install(home: Path | None = None, command: Sequence[str] | None = None) -> list[Path]:
    """Write the desktop entry and the icons under ``home`` (default :func:`data_home`);
    returns the files written. Raises ``OSError`` when a folder cannot be written."""
    home = data_home() if home is None else home
    entry = desktop_entry(launcher_command() if command is None else list(command))
    written = []
    for target, source in _targets(home):
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is None:
            atomic_write_text(target, entry)
        else:
            tmp = target.with_name(f".{target.name}.tmp")
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        written.append(target)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install` wrote under ``home`` (nothing else); returns the files
    removed."""
    home = data_home() if home is None else home
    removed = []
    for target, _ in _targets(home):
        if target.is_file():
            target.unlink()
            removed.append(target)
    return removed
