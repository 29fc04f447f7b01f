"""The ``cnnviz`` command.

``cnnviz`` alone opens the app; ``cnnviz list`` and ``cnnviz summary NAME`` work without a
display. Heavy imports (torch, Qt) happen inside the sub-commands so ``--help`` is instant.
Errors are one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cnnviz.core import catalog

__all__ = ["main"]


_SPEC_HELP = (
    "a zoo network (see 'cnnviz list'), torchvision:NAME, or path/to/file.py:NAME (a function "
    "or nn.Module class in the file, which then runs; keyword arguments as in "
    "file.py:Net(width=32))"
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cnnviz",
        description="See convolutional networks work. Without a command, opens the app.",
    )
    p.add_argument(
        "--lesson",
        dest="start_lesson",
        metavar="NAME",
        help="open the app full screen in this lesson (e.g. 07_googlenet, or a "
        ".toml file): start a class from the desktop",
    )
    p.add_argument(
        "--slide",
        dest="start_slide",
        metavar="N",
        type=int,
        help="with --lesson: start at slide N (the first is 1)",
    )
    p.add_argument("--language", dest="start_language", choices=("en", "zh_CN"),
                   help="the app's language for this launch")  # fmt: skip
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the app (the default)")
    sub.add_parser("list", help="list the zoo networks")
    s = sub.add_parser("summary", help="layer-by-layer shapes, parameters and MACs of a network")
    s.add_argument("name", metavar="MODEL", help=_SPEC_HELP)
    s.add_argument("--format", choices=("table", "d2l", "json"), default="table")
    s.add_argument(
        "--depth",
        type=int,
        default=1,
        metavar="N",
        help="open nested blocks down to depth N (default 1)",
    )
    s.add_argument(
        "--input-size",
        type=int,
        nargs=2,
        metavar=("H", "W"),
        help="input height and width (default: the book's size for a zoo network, 224 224 "
        "for torchvision, 28 28 for a file)",
    )
    s.add_argument(
        "--in-channels",
        type=int,
        metavar="C",
        help="input channels (default: the zoo's and a file's 1, torchvision's 3)",
    )
    e = sub.add_parser("export", help="save a network's graph (PNG/SVG) or table (CSV), headless")
    what = e.add_mutually_exclusive_group(required=True)
    what.add_argument("--model", metavar="MODEL", help=_SPEC_HELP)
    what.add_argument(
        "--lesson",
        metavar="NAME",
        help="a lesson (name or .toml file): a handout, one page per slide (-o out.pdf, or a "
        "folder for PNGs)",
    )
    e.add_argument("--language", choices=("en", "zh_CN"), default="en", help="for --lesson")
    e.add_argument("--view", choices=("graph", "table"), default="graph")
    e.add_argument("--unfold", action="store_true", help="unfold every block")
    e.add_argument("--theme", choices=("light", "dark", "contrast"), default="light")
    e.add_argument("--scale", type=float, default=1.0, help="text and line scale (0.5–3)")
    e.add_argument("--input-size", type=int, nargs=2, metavar=("H", "W"))
    e.add_argument("--in-channels", type=int, metavar="C")
    e.add_argument("--size", metavar="WxH", help="for --lesson: the page size in pixels "
                   "(default 1920x1080)")  # fmt: skip
    e.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=".png, .svg or .csv; .onnx for the network itself (Netron); for "
                        "--lesson a .pdf or a folder")  # fmt: skip
    t = sub.add_parser("train", help="train a network headless, one line per epoch")
    t.add_argument("model", metavar="MODEL", help="a zoo network")
    t.add_argument("--epochs", type=int)
    t.add_argument("--lr", type=float)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--optimizer", choices=catalog.OPTIMIZERS, default=catalog.OPTIMIZERS[0])
    t.add_argument("--momentum", type=float, default=0.0)
    t.add_argument("--weight-decay", type=float, default=0.0)
    t.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
    t.add_argument("--dataset", choices=catalog.dataset_names(),
                   default=catalog.dataset_names()[0])  # fmt: skip
    t.add_argument("--input-size", type=int, help="resize images to this (default: the model's)")
    t.add_argument("--train-subset", type=int, metavar="N", help="only the first N examples")
    t.add_argument("--test-subset", type=int, metavar="N")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--compile", action="store_true", help="torch.compile the model")
    t.add_argument("--no-amp", action="store_true", help="no bf16 autocast on CUDA")
    t.add_argument("--no-cuda-graphs", action="store_true",
                   help="launch each step's kernels from Python, not as a CUDA graph")  # fmt: skip
    t.add_argument("--download", action="store_true", help="allow downloading the data set")
    t.add_argument("--run-dir", metavar="DIR", help="keep config, metrics and checkpoints here")
    t.add_argument("--resume", action="store_true", help="continue the run in --run-dir")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--tensorboard", metavar="DIR",
                   help="also write the metrics as TensorBoard event files in DIR")  # fmt: skip
    r = sub.add_parser(
        "runs",
        help="list the training runs ($CNNVIZ_RUNS, else runs/ in the per-user data folder)",
    )
    r_sub = r.add_subparsers(dest="runs_command", metavar="ACTION")
    x = r_sub.add_parser("export", help="a run's metrics as CSV, one row per record")
    x.add_argument("run", metavar="RUN", help="a run's name (as 'cnnviz runs' lists it) or folder")
    x.add_argument("-o", "--output", required=True, metavar="FILE", help="a .csv file")
    d = sub.add_parser(
        "install-desktop",
        help="add cnnviz (and a launcher per lesson) to the desktop's menu, with its icon",
        description="Writes cnnviz.desktop into $XDG_DATA_HOME/applications (default "
        "~/.local/share/applications) and the icon into $XDG_DATA_HOME/icons/hicolor.",
    )
    d.add_argument("--uninstall", action="store_true",
                   help="remove the entry and the icons again")  # fmt: skip
    return p


def _cmd_runs(args: argparse.Namespace) -> int:
    from cnnviz.core.files import atomic_write_text
    from cnnviz.core.training.runs import default_runs_root, find_run, metrics_csv, scan_runs

    root = default_runs_root()
    if args.runs_command == "export":
        if not args.output.lower().endswith(".csv"):
            raise ValueError(f"the metrics export to a .csv file, not {args.output!r}")
        run = find_run(args.run, root)
        records = run.read_metrics()
        try:
            atomic_write_text(args.output, metrics_csv(records))
        except OSError as exc:
            raise ValueError(f"could not write {args.output}: {exc.strerror or exc}") from exc
        print(f"wrote {len(records)} rows to {args.output}")
        return 0
    runs = scan_runs(root)
    count = f"{len(runs)} run" + ("" if len(runs) == 1 else "s")
    print(f"{count} in {root}" if runs else f"no runs in {root} yet")
    if runs:
        width = max(len(r.name) for r in runs)
        for r in runs:
            best = "" if r.best_test_acc is None else f"best test accuracy {r.best_test_acc:.3f}"
            print(f"{r.name.ljust(width)}  {r.status:<9} {best}")
    return 0


def _cmd_install_desktop(args: argparse.Namespace) -> int:
    from cnnviz import desktop

    home = desktop.data_home()
    if args.uninstall:
        removed = desktop.uninstall(home)
        print(f"removed {len(removed)} files from {home}" if removed else
              f"nothing to remove: cnnviz is not installed in {home}")  # fmt: skip
        return 0
    written = desktop.install(home)
    print(f"wrote {written[0]}")
    print(f"wrote {len(written) - 1} icons under {home / 'icons' / 'hicolor'}")
    print(f"launches: {' '.join(desktop.launcher_command())}")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from cnnviz.core.training.headless import train_from_args

    return train_from_args(args)


def _cmd_export(args: argparse.Namespace) -> int:
    if args.lesson:
        from cnnviz.gui.handouts import DEFAULT_SIZE, export_lesson, parse_size

        size = parse_size(args.size) if args.size else DEFAULT_SIZE
        try:
            files = export_lesson(args.lesson, args.output, language=args.language, size=size,
                                  theme=args.theme)  # fmt: skip
        except OSError as exc:
            raise ValueError(f"could not write {args.output}: {exc.strerror or exc}") from exc
        if len(files) == 1 and files[0].suffix == ".pdf":
            print(f"wrote {files[0]}")
        else:
            print(f"wrote {len(files)} slides to {args.output}")
        return 0
    if args.size:
        raise ValueError("--size is for --lesson handouts; a network's export takes --scale")
    from cnnviz.core.model_spec import parse_model_spec

    parse_model_spec(args.model)  # a bad spec is one sentence before anything runs
    if args.output.lower().endswith(".onnx"):
        from cnnviz.core.onnx_export import export_onnx

        if args.view != "graph":
            raise ValueError("an .onnx file holds the network itself; leave out --view table")
        try:
            out = export_onnx(args.model, args.output, args.input_size, args.in_channels)
        except OSError as exc:
            raise ValueError(f"could not write {args.output}: {exc.strerror or exc}") from exc
        print(f"wrote {out} (open it in Netron or any ONNX tool)")
        return 0
    from cnnviz.gui.architecture.export import export_model

    try:
        out = export_model(
            args.model,
            args.output,
            view=args.view,
            unfold=args.unfold,
            theme=args.theme,
            scale=args.scale,
            input_size=tuple(args.input_size) if args.input_size else None,
            in_channels=args.in_channels,
        )
    except OSError as exc:
        raise ValueError(f"could not write {args.output}: {exc.strerror or exc}") from exc
    print(f"wrote {out}")
    return 0


def _cmd_list() -> int:
    width = max(map(len, catalog.NETWORKS))
    for name, e in catalog.NETWORKS.items():  # the catalog: no torch needed
        shape = "×".join(map(str, e.input_shape))
        print(f"{name.ljust(width)}  {e.title.en:<36} input {shape:<9} {e.idea.en.split('. ')[0]}")
    return 0


def _cmd_summary(args: argparse.Namespace) -> int:
    from cnnviz.core.model_spec import input_shape_for, layer_graph_for_spec, parse_model_spec
    from cnnviz.core.summary import format_summary

    spec = parse_model_spec(args.name)  # unknown name → ValueError before any work
    if args.depth < 1:
        raise ValueError(f"--depth must be at least 1, got {args.depth}")
    if args.input_size is not None and min(args.input_size) < 1:
        raise ValueError(
            f"--input-size must be positive, got {args.input_size[0]} {args.input_size[1]}"
        )
    input_shape_for(spec, args.input_size, args.in_channels)  # checked before the model runs
    g = layer_graph_for_spec(spec, args.input_size, args.in_channels)
    print(format_summary(g, args.format, args.depth))
    return 0


def _cmd_gui(args: argparse.Namespace) -> int:
    lesson, slide = None, 0
    if args.start_slide is not None and not args.start_lesson:
        raise ValueError("--slide needs --lesson NAME")
    if args.start_lesson:
        from pathlib import Path

        from cnnviz.core import lessons

        name = args.start_lesson
        path = Path(name)
        is_file = name.endswith(".toml") or path.is_file()
        lesson = lessons.load_lesson(path if is_file else name)
        n = len(lesson.slides)
        slide = args.start_slide if args.start_slide is not None else 1
        if not 1 <= slide <= n:
            raise ValueError(f"{name} has {n} slides: --slide must be from 1 to {n}, not {slide}")
        slide -= 1
    from cnnviz.gui.app import run

    return run(lesson=lesson, slide=slide, language=args.start_language)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            return _cmd_list()
        if args.command == "summary":
            return _cmd_summary(args)
        if args.command == "export":
            return _cmd_export(args)
        if args.command == "train":
            return _cmd_train(args)
        if args.command == "runs":
            return _cmd_runs(args)
        if args.command == "install-desktop":
            return _cmd_install_desktop(args)
        return _cmd_gui(args)
    except ValueError as exc:  # the core's readable errors
        return _error(str(exc), exc)
    except BrokenPipeError:  # `cnnviz summary x | head`
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        return _error(f"{exc.strerror or exc}{where}", exc)
    except MemoryError as exc:
        return _error("not enough memory; try a smaller --batch-size or --input-size", exc)
    except Exception as exc:  # a bug of ours: still one line, the details on request
        return _error(
            f"{type(exc).__name__}: {_first_line(exc)} (set CNNVIZ_DEBUG=1 for the details)", exc
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _error(message: str, exc: BaseException) -> int:
    """One line on stderr and exit status 2; the traceback only with ``CNNVIZ_DEBUG=1``."""
    import os

    if os.environ.get("CNNVIZ_DEBUG"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    lines = message.strip().splitlines() or ["unknown error"]
    print(f"cnnviz: error: {' '.join(line.strip() for line in lines)}", file=sys.stderr)
    return 2
