"""Atomic file writes: a temporary file in the same folder, fsync, rename — a crash leaves
either the old file or the new one, never half of one. Every file cnnviz writes goes through
here, and every one gets the permissions a plain ``open()`` would give it (the umask's).

>>> atomic_write_text("notes.txt", "hello")                       # doctest: +SKIP
>>> with atomic_path("graph.png") as tmp:                          # doctest: +SKIP
...     image.save(str(tmp))          # a library that wants a file name

Temporary files are named ``.<name>.<random>.tmp``; :func:`remove_stale_temp_files` removes
those an interrupted write left behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from cnnviz.core.messages import message

__all__ = [
    "TEMP_SUFFIX",
    "atomic_path",
    "atomic_write",
    "atomic_write_text",
    "default_mode",
    "remove_stale_temp_files",
]

TEMP_SUFFIX = ".tmp"


def default_mode() -> int:
    """The mode a new file gets from ``open()`` under the current umask (0644 under 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    try:  # make the rename itself durable
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:
        pass


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block ends without an exception, the
    temporary file replaces ``path`` (with the umask's permissions). On an exception it is
    removed and ``path`` is untouched. ``suffix`` is added before ``.tmp`` for libraries that
    choose a format by the file name (Pillow, Qt) — they get ``.name.xyz.png.tmp``? No: they
    get ``.<stem>.<random><suffix>``; pass the real suffix (".png") for those."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=suffix or TEMP_SUFFIX, dir=path.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists():
            raise OSError(message("nothing was written to {path}", path=path))
        os.chmod(tmp, default_mode())  # mkstemp makes it 0600
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def atomic_write(path: str | os.PathLike, write: Callable[[IO[bytes]], Any]) -> None:
    """Replace ``path`` with what ``write(binary_file)`` writes, atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        write(f)
        f.flush()


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8), atomically."""
    data = text.encode("utf-8")
    atomic_write(path, lambda f: f.write(data))


def remove_stale_temp_files(
    folder: str | os.PathLike, names: Iterable[str], min_age_s: float = 0.0
) -> list[Path]:
    """Remove the temporary files that interrupted atomic writes of ``names`` (file names in
    ``folder``) left behind, if at least ``min_age_s`` old (a live writer's file is young).
    Returns what was removed."""
    removed: list[Path] = []
    now = time.time()
    prefixes = tuple(f".{n}." for n in names)
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for p in entries:
        if not (p.name.startswith(prefixes) and p.is_file()):
            continue
        try:
            if now - p.stat().st_mtime >= min_age_s:
                p.unlink()
                removed.append(p)
        except OSError:
            continue
    return removed
