"""Starting cnnviz from the desktop: the freedesktop entry, its lessons and the icon."""

import os
import shutil
import subprocess

import pytest
from PIL import Image

from cnnviz import desktop
from cnnviz.cli import main
from cnnviz.core import lessons


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def _entry(home):
    text = (home / "applications" / "cnnviz.desktop").read_text(encoding="utf-8")
    groups, group = {}, None
    for line in text.splitlines():
        if line.startswith("["):
            group = groups.setdefault(line.strip("[]"), {})
        elif "=" in line:
            key, _, value = line.partition("=")
            group[key] = value
    return text, groups


def test_the_entry_is_valid_and_launches_the_installed_command(data_home, capsys):
    assert main(["install-desktop"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {data_home / 'applications' / 'cnnviz.desktop'}" in out
    path = data_home / "applications" / "cnnviz.desktop"
    validator = shutil.which("desktop-file-validate")
    assert validator, "desktop-file-validate is missing (scripts/system-deps.sh installs it)"
    check = subprocess.run([validator, str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "error" not in check.stdout + check.stderr
    _, groups = _entry(data_home)
    main_group = groups["Desktop Entry"]
    assert main_group["Categories"] == "Education;Science;"
    assert main_group["StartupWMClass"] == desktop.APP_ID == "cnnviz"  # the window's WM_CLASS
    assert main_group["Icon"] == "cnnviz" and main_group["Terminal"] == "false"
    command = main_group["Exec"].split(" ")[0]
    assert os.path.isabs(command) and os.access(command, os.X_OK), command
    assert os.path.basename(command) in ("cnnviz-gui", "cnnviz")  # the installed launcher


def test_every_lesson_is_a_launcher_action(data_home):
    desktop.install(data_home, command=["/opt/cnnviz/bin/cnnviz-gui"])
    _, groups = _entry(data_home)
    names = lessons.list_lessons()
    actions = groups["Desktop Entry"]["Actions"].rstrip(";").split(";")
    assert len(actions) == len(names) == 9
    googlenet = groups["Desktop Action lesson-07"]
    assert googlenet["Exec"] == "/opt/cnnviz/bin/cnnviz-gui --lesson 07_googlenet"
    assert googlenet["Name"] == "Lesson 7: GoogLeNet"
    assert googlenet["Name[zh_CN]"].startswith("第 7 课：")


def test_a_command_with_spaces_is_quoted():
    text = desktop.desktop_entry(["/home/a teacher/venv/bin/cnnviz-gui"], lessons=[])
    assert 'Exec="/home/a teacher/venv/bin/cnnviz-gui"' in text


def test_the_icons_are_installed_at_their_sizes(data_home):
    written = desktop.install(data_home, command=["cnnviz-gui"])
    hicolor = data_home / "icons" / "hicolor"
    assert hicolor / "scalable" / "apps" / "cnnviz.svg" in written
    for size in desktop.ICON_SIZES:
        with Image.open(hicolor / f"{size}x{size}" / "apps" / "cnnviz.png") as im:
            assert im.size == (size, size) and im.mode == "RGBA"


def test_uninstall_removes_only_what_install_wrote(data_home, capsys):
    desktop.install(data_home, command=["cnnviz-gui"])
    other = data_home / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")
    assert main(["install-desktop", "--uninstall"]) == 0
    assert "removed 10 files" in capsys.readouterr().out
    assert other.is_file()
    assert sorted(p.name for p in data_home.rglob("*") if p.is_file()) == ["someone-else.desktop"]
    assert main(["install-desktop", "--uninstall"]) == 0  # again: nothing there, still fine
    assert "nothing to remove" in capsys.readouterr().out


def test_a_data_folder_that_cannot_be_written_is_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    assert main(["install-desktop"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cnnviz: error: ") and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_relative_xdg_data_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert desktop.data_home() == tmp_path / ".local" / "share"
