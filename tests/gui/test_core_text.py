"""The core's error messages in the app's language: every template has a finished Chinese
translation, and the lab form, the classroom and the training view show the core's sentences
in Chinese when the app is in Chinese — while the command line stays English."""

from __future__ import annotations

import runpy
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cnnviz import resource_path
from cnnviz.cli import main
from cnnviz.core.lab_state import LabState
from cnnviz.core.messages import message
from cnnviz.core.training import TrainConfig
from cnnviz.gui import i18n
from cnnviz.gui.core_text import CONTEXT, user_text

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("translations", "cnnviz_zh_CN.ts")
SCRIPT = runpy.run_path(str(ROOT / "scripts" / "core_messages.py"))
BROKEN_LESSON = 'title = "x"\n\n[[slides]]\ntitle = "a"\ntext = "b"\nview = "labb"\n'


@pytest.fixture
def chinese(qapp):
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def _fields(text: str) -> list[tuple[str, str | None, str]]:
    return sorted((n, c, s) for _, n, s, c in string.Formatter().parse(text) if n is not None)


def test_every_template_of_the_core_has_a_finished_chinese_translation():
    root = ET.parse(TS).getroot()
    core = [c for c in root.iter("context") if c.findtext("name") == CONTEXT]
    assert len(core) == 1, "run `make translations`"
    translated = {m.findtext("source"): m.find("translation") for m in core[0].iter("message")}
    assert set(translated) == set(SCRIPT["core_templates"]()), "run `make translations`"
    for source, tr in translated.items():
        assert tr.get("type") is None and (tr.text or "").strip(), source  # finished
        # the same placeholders, conversions and format specs: the GUI fills them the same way
        assert _fields(tr.text) == _fields(source), (source, tr.text)


def test_user_text_translates_a_message_and_its_clauses(chinese):
    what = message("the {k} pooling window", k="3×3")
    m = message("{what} spans {extent} cells, more than the {hw} input {name!r} padded to "
                "{padded}, so the output would be empty; {advice}", what=what, extent="3×3",
                hw="2×2", name="book_2x2", padded="2×2",
                advice=message("use a smaller kernel_size or a larger input"))  # fmt: skip
    assert user_text(m) == (
        "3×3 的汇聚窗口 覆盖 3×3 个单元，超过了 2×2 的输入 'book_2x2' 填充后的 2×2，输出将为空；"
        "请使用更小的 kernel_size 或更大的输入"
    )
    assert user_text(ValueError(m)) == user_text(m)
    assert user_text("a text that is no message") == "a text that is no message"
    assert user_text(ValueError("from torch")) == "from torch"
    unknown = message("a template the catalogue does not have: {n}", n=3)
    assert user_text(unknown) == "a template the catalogue does not have: 3"


def test_a_refused_value_in_the_lab_form_is_said_in_chinese(lab, chinese):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2"))
    state = lab.state
    lab.stride.h.setValue(0)
    assert lab.error_text("stride") == "stride 必须至少为 1，而不是 0。"
    assert lab.state == state  # refused, as in English
    lab.dilation.h.setValue(3)  # a 2×2 kernel dilated by 3 spans 4 rows of the 3×3 input
    shown = lab.error_text("dilation")
    assert shown.startswith("膨胀为 (3, 1) 的 2×2 卷积核 K 覆盖 4×2 个输入单元"), shown
    assert "请使用更小的卷积核或膨胀，或更多的填充" in shown


def test_a_broken_lesson_file_is_explained_in_chinese(window, classroom, tmp_path, chinese):
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN_LESSON, encoding="utf-8")
    assert not classroom.open_file(bad)
    box = window.error_box
    assert box is not None and box.isVisible()
    assert box.text() == (
        f"{bad}：第 6 行：第 1 张幻灯片：view 必须是以下之一：architecture, compare, lab, "
        "training，而不是 'labb'"
    )
    box.close()
    assert not classroom.active


def test_a_data_error_of_the_training_process_is_shown_in_chinese(training_view, qtbot, tmp_path,
                                                                  chinese):  # fmt: skip
    """The message crosses the process boundary in status.json and is translated here."""
    config = TrainConfig(model="lenet", dataset="mnist", data_root=str(tmp_path / "no-data"),
                         device="cpu")  # fmt: skip
    training_view.start_training(config)
    qtbot.waitUntil(lambda: training_view.run_status == "failed", timeout=60_000)
    folder = tmp_path / "no-data" / "MNIST" / "raw"
    assert training_view.error_text == (
        f"训练失败：{folder} 中没有 mnist；请允许下载，或使用内置的 'shapes' 数据集"
    )
    qtbot.waitUntil(lambda: training_view.training_process is None, timeout=10_000)


def test_the_command_line_stays_english_while_the_app_is_chinese(chinese, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN_LESSON, encoding="utf-8")
    assert main(["export", "--lesson", str(bad), "-o", str(tmp_path / "out.pdf")]) == 2
    assert capsys.readouterr().err.strip() == (
        f"cnnviz: error: {bad}: line 6: slide 1: view must be one of architecture, compare, "
        "lab, training, not 'labb'"
    )
    assert main(["train", "lenet", "--epochs", "0", "--dataset", "shapes", "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == "cnnviz: error: epochs must be at least 1, got 0"
