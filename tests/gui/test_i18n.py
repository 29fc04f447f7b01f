"""English and Simplified Chinese: a complete catalogue, and switching at run time."""

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from cnnviz import resource_path
from cnnviz.core import models
from cnnviz.gui import appearance, i18n
from cnnviz.gui.model_picker import IDEA_ROLE

ROOT = Path(__file__).resolve().parents[2]
TS = resource_path("translations", "cnnviz_zh_CN.ts")
QM = resource_path("translations", "cnnviz_zh_CN.qm")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%\d|%n|\{\w+\}")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        for m in ctx.iter("message"):
            out[(ctx.findtext("name"), m.findtext("source"))] = m
    return out


def _translation(m: ET.Element) -> str:
    tr = m.find("translation")
    forms = [f.text or "" for f in tr.iter("numerusform")]
    return forms[0] if forms else tr.text or ""


def test_every_message_is_translated_and_finished():
    messages = _messages(TS)
    assert len(messages) > 100
    for (ctx, src), m in messages.items():
        tr = m.find("translation")
        assert tr.get("type") is None, (ctx, src, tr.get("type"))  # not unfinished/obsolete
        text = _translation(m)
        assert text.strip(), (ctx, src)
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(src)), (ctx, src)
        if re.search(r"&\w", src):  # menu accelerators survive
            assert re.search(r"&\w", text), (ctx, src)


def test_catalogue_covers_every_text_of_the_gui(tmp_path):
    lupdate = BIN / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "cnnviz" / "gui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(fresh), "-locations", "none"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert set(_messages(fresh)) == set(_messages(TS)), "run `make translations`"


def test_compiled_catalogue_is_up_to_date(tmp_path):
    lrelease = BIN / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed")
    out = tmp_path / "fresh.qm"
    subprocess.run(
        [str(lrelease), str(TS), "-qm", str(out)], check=True, capture_output=True, timeout=60
    )
    assert out.read_bytes() == QM.read_bytes(), "run `make translations`"


def test_set_language_installs_our_and_qts_translations(qapp):
    i18n.set_language("zh_CN")
    assert i18n.current_language() == "zh_CN" and i18n.is_chinese()
    assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own texts
    i18n.set_language("en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert not i18n.is_chinese()
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")


def test_switching_language_changes_every_text_and_back(window, qtbot):
    def texts():
        return {
            "menus": [m.title() for m in (window.file_menu, window.view_menu, window.help_menu)],
            "tabs": [window.tabs.tabText(i) for i in range(window.tabs.count())],
            "dock": window.picker_dock.windowTitle(),
            "open": window.actions["open"].text(),
            "button": window.picker.open_button.text(),
            "device": window.device_label.text(),
            "status": window.model_label.text(),
            "header": window.compare.proxy.headerData(3, Qt.Orientation.Horizontal),
            "title": window.picker.list.item(1).text(),
            "view": window.view.act_fold_all.text(),
        }

    english = texts()
    assert english["menus"] == ["&File", "&View", "&Help"]
    assert english["tabs"] == ["Architecture", "Convolution lab", "Training", "Compare"]
    window.language_actions["zh_CN"].trigger()
    chinese = texts()
    assert chinese["menus"] == ["文件(&F)", "视图(&V)", "帮助(&H)"]
    assert chinese["tabs"][0] == "架构" and chinese["tabs"][3] == "比较"
    assert all(any("\u4e00" <= c <= "\u9fff" for c in t) for t in chinese["tabs"])
    assert chinese["dock"] == "网络" and chinese["open"] == "打开模型(&O)…"
    assert chinese["button"] == "打开模型…" and chinese["header"] == "参数量"
    assert chinese["title"] == "带批量规范化的 LeNet" and chinese["view"] == "全部折叠"
    assert "线程" in chinese["device"] or "CUDA" in chinese["device"]
    assert "输入" in chinese["status"]
    for key in english:
        if key != "device" or "CPU" in english["device"]:
            assert chinese[key] != english[key], key
    assert window.picker.list.item(0).data(IDEA_ROLE) == models.model_info("lenet").idea_zh
    assert set(appearance.CJK_FAMILIES[:1]) <= set(QApplication.font().families())
    assert window.language_actions["zh_CN"].isChecked()

    window.language_actions["en"].trigger()
    assert texts() == english
    assert "Noto Sans CJK SC" not in QApplication.font().families()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_two_menu_entries_share_an_accelerator(window, language):
    window.set_language(language)
    menus = [window.menuBar(), window.file_menu, window.view_menu, window.help_menu]
    menus.append(window.theme_menu)
    for menu in menus:
        keys = [m.group(1).lower() for a in menu.actions() if (m := re.search(r"&(\w)", a.text()))]
        assert len(keys) == len(set(keys)), (language, keys)


def test_language_change_event_alone_retranslates(window, qtbot):
    """Another part of the app may call i18n.set_language: the window follows the event."""
    i18n.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.file_menu.title() == "文件(&F)")
    assert window.tabs.tabText(3) == "比较"
    i18n.set_language("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")


def test_chinese_font_is_installed_for_rendering():
    if shutil.which("fc-list") is None:
        pytest.skip("no fontconfig")
    out = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True)
    if not out.stdout.strip():
        pytest.skip("no CJK font installed (scripts/system-deps.sh installs fonts-noto-cjk)")
    assert any(f in out.stdout for f in appearance.CJK_FAMILIES)


def test_the_graph_and_its_details_speak_chinese(window, qtbot):
    """Block titles, joins and the details panel's rows follow the language (the d2l terms)."""
    window.show_zoo_model("googlenet")
    view = window.view
    view.unfold("2")
    window.set_language("zh_CN", remember=False)
    try:
        titles = {f.title for f in view.scene.layout_.frames.values()}
        assert any(t.startswith("阶段 3 · Inception 块 ×2") for t in titles), titles
        boxes = {b.lines[0] for b in view.scene.layout_.boxes.values()}
        assert "Inception 块 1" in boxes and "Stage 3 · Inception ×2" not in str(titles)
        view.select_node("0.0")
        details = view.details.toPlainText()
        for word in ("层", "类型", "步幅", "填充", "输入 → 输出", "参数量"):
            assert word in details, word
    finally:
        window.set_language("en", remember=False)
    assert any(f.title.startswith("Stage 3") for f in view.scene.layout_.frames.values())
