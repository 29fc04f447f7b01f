"""The core must work without a display: it never imports Qt or pyqtgraph."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import cnnviz.core

CORE = Path(cnnviz.core.__file__).parent


def test_importing_every_core_module_loads_no_qt():
    modules = [m.name for m in pkgutil.walk_packages([str(CORE)], prefix="cnnviz.core.")]
    assert "cnnviz.core.graph" in modules and "cnnviz.core.training.loop" in modules
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_no_core_source_mentions_a_qt_import():
    for path in CORE.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import ", "from ")):
                assert "PySide6" not in stripped and "pyqtgraph" not in stripped, path
