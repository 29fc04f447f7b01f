"""The core's messages: English text for the CLI, logs and tests, template and parameters kept
for the GUI's translation, across pickling and JSON; every user-facing error raised with one."""

from __future__ import annotations

import ast
import json
import pickle
import runpy
from pathlib import Path

import pytest

from cnnviz.core import lessons
from cnnviz.core.data import DataError, read_idx
from cnnviz.core.errors import FieldError
from cnnviz.core.lab_state import LabState
from cnnviz.core.loading import ModelLoadError, load_model_from_file
from cnnviz.core.messages import Message, message, message_of
from cnnviz.core.training import RunDirectory, run_state
from cnnviz.core.training.runs import CheckpointError

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "cnnviz" / "core"
SCRIPT = runpy.run_path(str(ROOT / "scripts" / "core_messages.py"))

#: the core's own errors for the user: each must carry a message(), never a bare string
USER_ERRORS = {"FieldError", "LessonError", "DataError", "RunExistsError", "RunWriteError",
               "CheckpointError", "ModelLoadError", "ShapeError"}  # fmt: skip
#: modules only the command line runs (its texts are English by design, never the GUI's)
CLI_ONLY = {CORE / "training" / "headless.py"}


def test_a_message_is_its_english_text_and_keeps_template_and_parameters():
    m = message("{name} must be at least {lo}, not {v!r}.", name="stride", lo=1, v=0)
    assert m == "stride must be at least 1, not 0." and isinstance(m, str)
    assert m.template == "{name} must be at least {lo}, not {v!r}."
    assert m.params == {"name": "stride", "lo": 1, "v": 0}
    assert type(str(m)) is str and str(m) == m  # str() gives the plain English text
    assert m.render("{name} 必须至少为 {lo}，而不是 {v!r}。") == "stride 必须至少为 1，而不是 0。"
    assert message_of(ValueError(m)) is m
    assert message_of(ValueError("plain")) == "plain"


def test_errors_keep_their_message_across_pickling():
    m = message("padding must be at least {lo}.", lo=0)
    for exc in (FieldError("padding", m, related=("kernel_size",)), DataError(m)):
        back = pickle.loads(pickle.dumps(exc))
        assert type(back) is type(exc) and str(back) == "padding must be at least 0."
        assert isinstance(back.args[0], Message) and back.args[0].template == m.template
    back = pickle.loads(pickle.dumps(FieldError("padding", m, related=("kernel_size",))))
    assert back.field == "padding" and back.related == ("kernel_size",)


def test_json_keeps_a_message_with_nested_messages_and_other_parameters():
    advice = message("use a smaller kernel_size or more padding")
    m = message("{what} in {path} ({n:,} cells, shape {shape}); {advice}",
                what=message("the window"), path=Path("/runs/a"), n=12345, shape=(1, 2),
                advice=advice)  # fmt: skip
    back = Message.from_json(json.loads(json.dumps(m.to_json())))
    assert back == m == "the window in /runs/a (12,345 cells, shape (1, 2)); " + advice
    assert back.params["advice"].template == advice.template
    # a parameter kept as its shown text is printed as it is, whatever its translation asks
    assert back.render("{shape!r}|{n:,}|{path}") == "(1, 2)|12,345|/runs/a"
    assert Message.from_json({"template": "{x}", "params": {}}) is None  # a parameter missing
    assert Message.from_json("not a message") is None


def test_the_core_s_errors_stay_english_in_str(tmp_path):
    with pytest.raises(FieldError) as info:
        LabState(stride=0)
    assert str(info.value) == "stride must be at least 1, not 0."
    with pytest.raises(lessons.LessonError) as info:
        lessons.parse_lesson('title = "x"\n\n[[slides]]\ntitle = "a"\ntext = "b"\nview = "labb"\n',
                             path="bad.toml")  # fmt: skip
    assert str(info.value) == (
        "bad.toml: line 6: slide 1: view must be one of architecture, compare, lab, training, "
        "not 'labb'"
    )
    assert isinstance(info.value.args[0], Message)
    with pytest.raises(ModelLoadError) as info:
        load_model_from_file(tmp_path / "none.py", "Net")
    assert str(info.value) == f"There is no file {str(tmp_path / 'none.py')!r}."
    bad = tmp_path / "x-idx"
    bad.write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x05ab")
    with pytest.raises(DataError, match=r"truncated or corrupt: expected 13 bytes, found 10; "
                                        r"delete .* and load again"):  # fmt: skip
        read_idx(bad, 1)


def test_a_failed_run_keeps_its_message_in_status_json(tmp_path):
    run = RunDirectory(tmp_path / "run")
    run.path.mkdir()
    error = message("{path} is broken ({error}); delete it to start the run afresh",
                    path=run.checkpoint_file, error="EOF")  # fmt: skip
    run.set_status("failed", error=error)
    state, shown = run_state(run.status())
    assert state == "failed" and shown == error and shown.template == error.template
    run.set_status("failed", error="a plain text from an older cnnviz")  # no message kept
    assert run_state(run.status()) == ("failed", "a plain text from an older cnnviz")
    assert not isinstance(run_state(run.status())[1], Message)


def test_a_refused_checkpoint_is_a_message(tmp_path):
    run = RunDirectory(tmp_path)
    run.checkpoint_file.write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError) as info:
        run.load_checkpoint()
    assert isinstance(info.value.args[0], Message)
    assert str(info.value).startswith(f"{run.checkpoint_file} is broken (")


def _message_argument(call: ast.Call, name: str) -> ast.AST | None:
    index = 1 if name == "FieldError" else 0
    return call.args[index] if len(call.args) > index else None


def test_every_user_facing_error_of_the_core_is_raised_with_a_message():
    bare = []
    for path in sorted(set(CORE.rglob("*.py")) - CLI_ONLY):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in USER_ERRORS:
                continue
            arg = _message_argument(node, node.func.id)
            if isinstance(arg, ast.JoinedStr | ast.BinOp) or (
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not bare, f"raise these with cnnviz.core.messages.message(): {bare}"


def test_the_catalogue_module_lists_every_template_of_the_core():
    """cnnviz/gui/core_messages.py is what lupdate reads: run scripts/core_messages.py (or
    `make translations`) when this fails."""
    templates = SCRIPT["core_templates"]()
    assert len(templates) > 200
    assert "stride" not in templates and "{field} must be at least {lo}, not {v}." in templates
    out = SCRIPT["OUT"]
    assert out.read_text(encoding="utf-8") == SCRIPT["module_text"](templates), (
        "run: python scripts/core_messages.py"
    )


def test_a_template_that_is_not_a_literal_is_refused(tmp_path):
    core = tmp_path / "cnnviz" / "core"
    core.mkdir(parents=True)
    (core / "x.py").write_text("from cnnviz.core.messages import message\n"
                               "t = 'a {b}'\nm = message(t, b=1)\n")  # fmt: skip
    with pytest.raises(ValueError, match=r"x\.py:3: message\(\) needs a string literal"):
        SCRIPT["core_templates"](core)
