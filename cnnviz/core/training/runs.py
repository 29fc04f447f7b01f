"""One run on disk (:class:`RunDirectory`), what can go wrong with it, and a folder of runs.

A run never destroys another (:class:`RunExistsError`); a file that can't be written is one
sentence (:class:`RunWriteError`); a checkpoint is loaded with ``weights_only=True`` and one
that would run code is refused (:class:`CheckpointError`). :func:`scan_runs` lists the runs
of a folder as :class:`RunSummary` records (what a run list shows), :func:`run_state` says
whether a "running" run's writer is still alive, and :func:`new_run_dir` names the next one.
"""

from __future__ import annotations

import dataclasses
import errno
import io
import json
import os
import pickle
import socket
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cnnviz.core.files import atomic_write, remove_stale_temp_files
from cnnviz.core.messages import Message, message, message_of
from cnnviz.core.training.config import Metrics, TrainConfig

__all__ = [
    "FINAL_STATUSES",
    "METRICS_COLUMNS",
    "CheckpointError",
    "RunDirectory",
    "RunExistsError",
    "RunSummary",
    "RunWriteError",
    "default_runs_root",
    "find_run",
    "metrics_csv",
    "new_run_dir",
    "read_run_summary",
    "run_state",
    "scan_runs",
]


def default_runs_root() -> Path:
    """Where the app keeps training runs: ``$CNNVIZ_RUNS``, else ``runs`` in the per-user data
    folder (never beside ``$CNNVIZ_DATA``: two data folders would share one run list)."""
    env = os.environ.get("CNNVIZ_RUNS")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("cnnviz", appauthor=False)) / "runs"


#: the columns of :func:`metrics_csv`, in order
METRICS_COLUMNS = ("epoch", "step", "train_loss", "train_acc", "test_acc", "examples_per_sec",
                   "lr", "time")  # fmt: skip


def metrics_csv(records: Sequence[Metrics]) -> str:
    """A run's metrics as CSV, one row per record (training rows leave ``test_acc`` empty,
    evaluation rows the training columns), for a spreadsheet or pandas."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(METRICS_COLUMNS)
    for m in records:
        row = m.to_json()
        writer.writerow(["" if row.get(c) is None else row[c] for c in METRICS_COLUMNS])
    return out.getvalue()


def find_run(text: str | os.PathLike, root: str | os.PathLike | None = None) -> RunDirectory:
    """The run ``text`` names: a run folder's path, or the name of a run in ``root`` (default
    :func:`default_runs_root`). Raises ``ValueError`` with a sentence when there is none."""
    path = Path(text).expanduser()
    if not path.is_dir():
        path = Path(root if root is not None else default_runs_root()) / str(text)
    run = RunDirectory(path)
    if not path.is_dir() or not (run.config_file.exists() or run.status_file.exists()):
        raise ValueError(
            message("there is no run {name!r} (cnnviz runs lists them)", name=str(text))
        )
    return run


#: statuses a run ends with; "starting", "running" and "paused" are the others
FINAL_STATUSES = ("finished", "stopped", "failed")


class RunExistsError(ValueError):
    """A new run was asked for in a folder that holds one; nothing was changed."""


class RunWriteError(ValueError):
    """A run file could not be written (full disk, no permission); the message says which."""


class CheckpointError(ValueError):
    """A checkpoint was refused: broken, not cnnviz's, or it would run code when loaded."""


#: older cnnviz checkpoints kept numpy's RNG state as an array: exactly what that needs
def _legacy_numpy_globals() -> list[Any]:
    try:
        import numpy._core.multiarray as multiarray
    except ImportError:  # numpy < 2
        import numpy.core.multiarray as multiarray

    return [np.ndarray, np.dtype, multiarray._reconstruct, np.dtypes.UInt32DType]


_WRITE_REASONS = {
    errno.ENOSPC: message("no space left on device"),
    errno.EDQUOT: message("the disk quota is used up"),
    errno.EROFS: message("the disk is read-only"),
    errno.EACCES: message("permission denied"),
    errno.EPERM: message("permission denied"),
}


def _write_error(exc: OSError, what: Path) -> RunWriteError:
    reason = _WRITE_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return RunWriteError(message("{reason} while writing {path}", reason=reason, path=what))


class RunDirectory:
    """One run on disk: ``config.json``, ``status.json``, ``metrics.jsonl``, ``checkpoint.pt``.

    Every file but the metrics log is replaced atomically (temporary file, fsync, rename); the
    log is appended and flushed line by line, so a reader (the GUI following a headless run)
    sees whole lines only. Checkpoints are loaded with ``weights_only=True``: a file that would
    call anything but tensor and container constructors is refused, never run.
    """

    FILES = ("config.json", "status.json", "metrics.jsonl", "checkpoint.pt")

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    config_file = property(lambda self: self.path / "config.json")
    status_file = property(lambda self: self.path / "status.json")
    metrics_file = property(lambda self: self.path / "metrics.jsonl")
    checkpoint_file = property(lambda self: self.path / "checkpoint.pt")

    # ---------------------------------------------------------------- what is there

    def holds_run(self) -> bool:
        """Whether the folder holds a run that a new one would destroy (metrics or weights)."""
        if self.checkpoint_file.exists():
            return True
        try:
            return self.metrics_file.stat().st_size > 0
        except OSError:
            return False

    def describe(self) -> str:
        """The run in words: ``lenet on fashion-mnist (3 of 3 epochs, best test acc 0.81)``."""
        status = self.status()
        try:
            config = self.read_config()
            model, dataset = config.model, config.dataset
            try:
                epochs = config.resolved().epochs
            except ValueError:
                epochs = config.epochs
        except ValueError:
            model = status.get("model") or message("an unknown network")
            dataset, epochs = status.get("dataset") or message("unknown data"), None
        done = max((int(m.epoch) for m in self.read_metrics() if m.test_acc is not None),
                   default=0)  # fmt: skip
        progress = (
            message("{done} of {epochs} epochs", done=done, epochs=epochs)
            if epochs
            else message("{done} epochs", done=done)
        )
        best = status.get("best_test_acc")
        if isinstance(best, (int, float)):
            progress = message("{progress}, best test acc {best:.2f}", progress=progress, best=best)
        if status.get("status") in ("running", "paused", "starting"):
            progress = message(
                "{progress}, status {status}", progress=progress, status=status["status"]
            )
        return message(
            "{model} on {dataset} ({progress})", model=model, dataset=dataset, progress=progress
        )

    def clean(self, min_age_s: float = 0.0) -> list[Path]:
        """Remove the temporary files interrupted writes left (``.checkpoint.pt.x1y2.tmp``);
        a reader passes a ``min_age_s`` so that a live writer's file is spared."""
        return remove_stale_temp_files(self.path, self.FILES, min_age_s)

    # ---------------------------------------------------------------- writing

    def create(self, config: TrainConfig) -> None:
        """Make the folder and write ``config.json`` for a *new* run.

        Raises :class:`RunExistsError` when the folder holds a run (nothing is changed) and
        :class:`RunWriteError` when the folder can't be made or written.
        """
        if self.path.exists() and not self.path.is_dir():
            raise RunWriteError(
                message("{path} is a file, not a folder; choose another folder", path=self.path)
            )
        if self.holds_run():
            raise RunExistsError(
                message("{path} holds a run of {run}", path=self.path, run=self.describe())
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if isinstance(exc, (FileExistsError, NotADirectoryError)):
                raise RunWriteError(
                    message("cannot make the folder {path}: a file is in the way", path=self.path)
                ) from exc
            raise RunWriteError(
                message(
                    "cannot make the folder {path}: {reason}",
                    path=self.path,
                    reason=_write_error(exc, self.path).args[0],
                )
            ) from exc
        self.clean()
        self.write_json(self.config_file, config.to_json())
        self._write(self.metrics_file, b"")

    def _write(self, path: Path, data: bytes) -> None:
        try:
            atomic_write(path, lambda f: f.write(data))
        except OSError as exc:
            raise _write_error(exc, path) from exc

    def write_json(self, path: Path, data: dict[str, Any]) -> None:
        self._write(path, json.dumps(data, indent=2).encode())

    def read_config(self) -> TrainConfig:
        try:
            data = json.loads(self.config_file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ValueError(
                message("{path} holds no run (no config.json)", path=self.path)
            ) from exc
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(
                message("{path} is broken: {error}", path=self.config_file, error=str(exc))
            ) from exc
        try:
            return TrainConfig.from_json(data)
        except (ValueError, TypeError) as exc:
            raise ValueError(
                message("{path} is broken: {error}", path=self.config_file, error=message_of(exc))
            ) from exc

    def status(self) -> dict[str, Any]:
        try:
            data = json.loads(self.status_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}

    def set_status(self, status: str, **extra: Any) -> None:
        """Write ``status.json``; an ``error`` that is a :class:`Message` is also kept as
        ``error_message``, so a GUI can show it in its language (:func:`run_state`)."""
        if "error" in extra:
            error = extra["error"]
            extra["error_message"] = error.to_json() if isinstance(error, Message) else None
        data = {**self.status(), "status": status, "updated": time.time(), **extra}
        self.write_json(self.status_file, data)

    def append_metrics(self, records: Sequence[Metrics]) -> None:
        text = "".join(json.dumps(m.to_json()) + "\n" for m in records)
        try:
            with open(self.metrics_file, "a", encoding="utf-8") as f:
                f.write(text)
                f.flush()
        except OSError as exc:
            raise _write_error(exc, self.metrics_file) from exc

    def read_metrics(self) -> list[Metrics]:
        """Every complete record (a half-written or foreign line is skipped)."""
        out: list[Metrics] = []
        try:
            text = self.metrics_file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return out
        fields = {f.name for f in dataclasses.fields(Metrics)}
        for line in text.splitlines():
            try:
                d = json.loads(line)
                m = Metrics(**{k: v for k, v in d.items() if k in fields})
            except (json.JSONDecodeError, AttributeError, TypeError):
                continue
            if isinstance(m.epoch, (int, float)) and isinstance(m.step, int):
                out.append(m)
        return out

    def truncate_metrics(self, max_step: int) -> None:
        """Drop records after ``max_step`` (the part of an epoch lost with a crash)."""
        keep = [m for m in self.read_metrics() if m.step <= max_step]
        self._write(
            self.metrics_file, "".join(json.dumps(m.to_json()) + "\n" for m in keep).encode()
        )

    def save_checkpoint(self, data: dict[str, Any]) -> None:
        buffer = io.BytesIO()  # serialised first: a full disk is then an OSError, not torch's
        torch.save(data, buffer)  # "unexpected pos" from inside its zip writer
        self._write(self.checkpoint_file, buffer.getbuffer())

    def load_checkpoint(self, map_location: Any = "cpu") -> dict[str, Any] | None:
        """The checkpoint, or ``None`` if there is none. Raises :class:`CheckpointError`."""
        path = self.checkpoint_file
        if not path.exists():
            return None
        try:
            with (
                torch.serialization.safe_globals(_legacy_numpy_globals()),
                warnings.catch_warnings(),
            ):
                warnings.simplefilter("ignore")  # "pickle protocol 4…": we refuse it below
                data = torch.load(path, map_location=map_location, weights_only=True)
        except pickle.UnpicklingError as exc:
            unsafe = _unsafe_globals(path)
            if unsafe:
                raise CheckpointError(
                    message(
                        "{path} was refused: opening it would call {names}, which could run "
                        "code; cnnviz only opens checkpoints of plain weights",
                        path=path,
                        names=", ".join(unsafe[:3]),
                    )
                ) from exc
            raise CheckpointError(_broken(path, exc)) from exc
        except Exception as exc:
            raise CheckpointError(_broken(path, exc)) from exc
        problem = _checkpoint_problem(data)
        if problem:
            raise CheckpointError(
                message("{path} is not a cnnviz checkpoint: {problem}", path=path, problem=problem)
            )
        return data


# --------------------------------------------------------------------------- a folder of runs


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or we can't tell)
    return True


def run_state(status: dict[str, Any]) -> tuple[str, str]:
    """The status to show for a run and its error message ("" for none).

    A run that says "running" or "paused" but whose process (on this machine) is gone was
    killed or crashed: it is shown as "failed" with a message. Runs written on another
    machine are taken at their word.
    """
    s = status.get("status") or "unknown"
    if s in ("starting", "running", "paused") and status.get("pid") and status.get("host"):
        if status["host"] == socket.gethostname() and not _pid_alive(int(status["pid"])):
            return "failed", message(
                "the training process ended without a final status (killed or crashed); "
                "the run can be resumed from its last checkpoint"
            )
    if s == "failed":
        error = str(status.get("error") or "")
        kept = Message.from_json(status.get("error_message"))
        return s, kept if kept is not None and kept == error else error
    return s, ""


@dataclasses.dataclass(frozen=True)
class RunSummary:
    """One run folder as a run list shows it."""

    path: str
    name: str
    model: str
    dataset: str
    status: str  # starting | running | paused | finished | failed | stopped | unknown
    best_test_acc: float | None
    error: str
    modified: float  # status.json's mtime in seconds (newest first in a list); 0 without one


#: path → ((mtime_ns, size) of status.json, its summary); the key says when to read again
SummaryCache = dict[str, tuple[tuple[int, int], RunSummary]]


def read_run_summary(
    path: str | os.PathLike, cache: SummaryCache | None = None
) -> RunSummary | None:
    """The summary of one run folder, ``None`` when it is not a run (no ``config.json`` and
    no ``status.json``). With a ``cache``, a finished run whose ``status.json`` did not change
    is not read again; live runs always are (their writer may have died)."""
    run = RunDirectory(path)
    try:
        st = os.stat(run.status_file)
        key = (st.st_mtime_ns, st.st_size)
    except OSError:
        if not run.config_file.exists():
            return None
        key = (0, 0)
    hit = cache.get(str(run.path)) if cache is not None else None
    if hit is not None and hit[0] == key and hit[1].status not in ("starting", "running", "paused"):
        return hit[1]
    status = run.status() if key != (0, 0) else {}
    model, dataset = status.get("model"), status.get("dataset")
    if not model or not dataset:
        try:
            config = json.loads(run.config_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(config, dict):
            return None
        model, dataset = config.get("model", "?"), config.get("dataset", "?")
    state, error = run_state(status) if status else ("unknown", "")
    best = status.get("best_test_acc")
    summary = RunSummary(
        path=str(run.path),
        name=run.path.name,
        model=str(model),
        dataset=str(dataset),
        status=state,
        best_test_acc=best if isinstance(best, (int, float)) else None,
        error=error,
        modified=key[0] / 1e9,
    )
    if cache is not None:
        cache[str(run.path)] = (key, summary)
    return summary


def scan_runs(
    folder: str | os.PathLike,
    extra: Sequence[str | os.PathLike] = (),
    cache: SummaryCache | None = None,
) -> list[RunSummary]:
    """Every run folder directly inside ``folder`` plus the ``extra`` folders, newest first
    (a missing ``folder`` has none). ``cache`` is kept by the caller between scans (see
    :func:`read_run_summary`)."""
    try:
        children = [e.path for e in os.scandir(folder) if e.is_dir()]
    except OSError:
        children = []
    found: dict[str, RunSummary] = {}
    for path in [*children, *extra]:
        summary = read_run_summary(path, cache)
        if summary is not None:
            found[str(Path(path))] = summary
    return sorted(found.values(), key=lambda r: (-r.modified, r.name))


def new_run_dir(
    folder: str | os.PathLike, model: str, dataset: str, when: float | None = None
) -> Path:
    """A folder for a new run inside ``folder`` that does not exist yet:
    ``lenet-fashion-mnist-20240131-142501``, then ``…-2``, ``…-3`` (``when``: seconds since
    the epoch, default now; local time). Nothing is created."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    # a spec names the network by its builder: nets.py:TinyNet(width=8) → TinyNet
    name = model.rsplit(":", 1)[-1].split("(", 1)[0].strip() or "model"
    name = "".join(ch if ch.isalnum() or ch in "_.-" else "_" for ch in name)
    base = f"{name}-{dataset}-{stamp}"
    folder = Path(folder)
    path, n = folder / base, 2
    while path.exists():
        path, n = folder / f"{base}-{n}", n + 1
    return path


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _broken(path: Path, exc: BaseException) -> str:
    return message(
        "{path} is broken ({error}); delete it to start the run afresh",
        path=path,
        error=_first_line(exc),
    )


def _unsafe_globals(path: Path) -> list[str]:
    """What a checkpoint would call beyond what we allow (read from the pickle, not run)."""
    try:
        found = torch.serialization.get_unsafe_globals_in_checkpoint(path)
    except Exception:
        return []
    allowed = {f"{g.__module__}.{g.__qualname__}" for g in _legacy_numpy_globals()}
    return [g for g in found if g not in allowed]


def _checkpoint_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return message("it holds {kind}, not a dictionary", kind=type(data).__name__)
    model = data.get("model")
    if not isinstance(model, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in model.items()
    ):
        return message("it has no model weights ('model')")
    for key in ("epoch", "step"):
        if not isinstance(data.get(key), int) or isinstance(data.get(key), bool):
            return message("{key!r} is missing or not an integer", key=key)
    if "batch" in data and not isinstance(data["batch"], int):
        return message("{key!r} is not an integer", key="batch")
    for key in ("optimizer", "config"):
        if key in data and not isinstance(data[key], dict):
            return message("{key!r} is not a dictionary", key=key)
    return None
