"""The dependency rule (docs/architecture.md) is an import-linter contract: the project keeps
it, and a package tree that breaks it fails the check, naming the import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603  (the project's own lint-imports)
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--config", str(ROOT / "pyproject.toml")],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(pythonpath)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_project_keeps_the_dependency_rule():
    result = lint_imports(ROOT, ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_kb_importing_website_breaks_it(tmp_path):
    """The same contract on a small tree whose kb imports website inside a function."""
    for package, source in {
        "website": "from kb import areas\nfrom search import api\n",
        "search": "from kb import areas\n",
        "kb": "",
    }.items():
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(source)
    (tmp_path / "kb" / "areas.py").write_text("def f():\n    from website import roles\n")
    (tmp_path / "website" / "roles.py").write_text("")
    (tmp_path / "search" / "api.py").write_text("")
    result = lint_imports(tmp_path, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "kb is not allowed to import website" in result.stdout
    assert "kb.areas -> website.roles" in result.stdout
