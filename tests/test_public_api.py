"""The public names of ``docstruct`` (issue 16: the function ``docstruct.batch`` hid the subpackage)."""

from __future__ import annotations

import subprocess
import sys
import types


def test_the_batch_subpackage_imports_and_the_function_is_extract_many() -> None:
    import docstruct
    import docstruct.batch.pool

    assert isinstance(docstruct.batch, types.ModuleType) and docstruct.batch.pool.WorkerPool
    from docstruct import extract_many
    from docstruct.batch.run import extract_many as same

    assert extract_many is same and "extract_many" in docstruct.__all__


def test_importing_docstruct_does_not_import_the_pool() -> None:
    code = "import sys, docstruct; print('docstruct.batch.pool' in sys.modules, 'multiprocessing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "False"]


def test_samplegen_modules_never_import_through_the_package_init() -> None:
    import ast
    from pathlib import Path

    import samplegen

    folder = Path(samplegen.__file__).parent
    through = [
        f"{path.name}:{node.lineno}"
        for path in sorted(folder.glob("*.py")) if path.name != "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "samplegen"
    ]
    assert through == []
    assert samplegen.generate.__module__ == "samplegen.generate" and callable(samplegen.generate)
