"""The matching package must stay free of Django so it can run and be benchmarked on its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "matching"


def test_no_module_imports_django() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}"
                for name in names
                if name.split(".")[0] in ("django", "rest_framework", "schakel")
            ]
    assert offenders == []
    assert len(list(PACKAGE.glob("*.py"))) >= 8  # the scan really looked at the package


def test_importing_the_package_does_not_load_django() -> None:
    code = "import sys, matching, matching.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
