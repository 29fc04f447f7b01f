"""Write cnnviz/gui/core_messages.py: every template of the core's messages, for the catalogue.

pyside6-lupdate reads only the GUI's sources, so the core's ``message("…")`` templates
(:mod:`cnnviz.core.messages`) are collected here from the core's source (an AST scan of the
calls, nothing is imported) into one ``QT_TRANSLATE_NOOP("CoreMessages", …)`` each.
``make translations`` runs this first; a test fails when the written file is not current.

Run: python scripts/core_messages.py          (writes the file)
     python scripts/core_messages.py --check  (exit status 1 when it is not current)
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "cnnviz" / "core"
OUT = ROOT / "cnnviz" / "gui" / "core_messages.py"
CONTEXT = "CoreMessages"  # the catalogue context cnnviz.gui.core_text translates in

HEADER = f'''"""Every template of cnnviz.core's messages, for pyside6-lupdate's catalogue.

Written by scripts/core_messages.py from the core's ``message("…")`` calls; do not edit (run
``make translations``). cnnviz.gui.core_text translates them in the context "{CONTEXT}".
"""

# ruff: noqa: E501

from PySide6.QtCore import QT_TRANSLATE_NOOP

# fmt: off
TEMPLATES = (
'''


def _is_message_call(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id == "message") or (
        isinstance(f, ast.Attribute) and f.attr == "message" and isinstance(f.value, ast.Name)
        and f.value.id == "messages"
    )  # fmt: skip


def core_templates(core: Path = CORE) -> list[str]:
    """Every template of a ``message(...)`` call in the core, sorted, each once.

    Raises ``ValueError`` naming the file and line of a call whose template is not a string
    literal (it could not be collected, so it would never be translated).
    """
    found: set[str] = set()
    for path in sorted(core.rglob("*.py")):
        if path.name == "messages.py" and path.parent == core:
            continue  # the helper itself (its docstring shows calls; it makes no message)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not _is_message_call(node):
                continue
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                where = f"{path.relative_to(core.parents[1])}:{node.lineno}"
                raise ValueError(f"{where}: message() needs a string literal as its template")
            found.add(first.value)
    return sorted(found)


def module_text(templates: list[str]) -> str:
    """The text of cnnviz/gui/core_messages.py for ``templates``."""
    lines = [
        f"    QT_TRANSLATE_NOOP({json.dumps(CONTEXT)}, {json.dumps(t, ensure_ascii=False)}),\n"
        for t in templates
    ]
    return HEADER + "".join(lines) + ")\n# fmt: on\n"


def main(argv: list[str]) -> int:
    text = module_text(core_templates())
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{OUT.relative_to(ROOT)} is not current: run python {__file__}")
            return 1
        return 0
    if current != text:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
