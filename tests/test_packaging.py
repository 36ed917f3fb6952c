"""The wheel ships one import package, ``docstruct`` (issue 6, item 8).

A non-editable install must not put ``extract``, ``normalize``, ``cli`` or ``samplegen`` into a
user's site-packages, where they would shadow (or be shadowed by) a pipeline's own ``extract.py``.
The test builds the wheel, installs it without dependencies into a fresh virtual environment whose
dependencies come from this environment's site-packages, and imports it from a folder that holds
its own ``extract.py`` and ``cli.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "gen02_2021_glued_crawler.txt"

IMPORT_ALL = """
import importlib, pkgutil, sys, json
import extract, cli                      # the user's own modules, from the working folder
assert extract.MINE and cli.MINE
import docstruct
from docstruct import extract_file
names = [m.name for m in pkgutil.walk_packages(docstruct.__path__, "docstruct.")]
for name in names:
    importlib.import_module(name)
record = extract_file(sys.argv[1]).to_json()
print(json.dumps({"file": docstruct.__file__, "modules": names, "template": record["metadata"]["template"],
                  "cells": sum(len(r) for t in record["tables"].values() for r in t.values())}))
"""


def _run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kw)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # build from the tracked files only: setuptools reuses a build/ folder, whose stale modules would
    # hide a package left out of pyproject
    src = tmp_path_factory.mktemp("src")
    tracked = _run(["git", "ls-files", "-z"], cwd=ROOT).stdout.split("\0")
    if not tracked[0]:
        pytest.skip("not a git checkout: cannot tell the tracked files")
    for name in filter(None, tracked):
        target = src / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_symlink():
            target.symlink_to(os.readlink(ROOT / name))
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)])
    if proc.returncode != 0:
        pytest.skip(f"could not build the wheel (no build backend reachable?): {proc.stderr.strip()[-300:]}")
    wheels = list(out.glob("docstruct-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_has_one_top_level_package(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"docstruct"}, tops
    assert "docstruct/extract/templates/t2021.json" in names
    assert "docstruct/cli.py" in names
    assert "docstruct/extract/schema/record.schema.json" in names


def test_installed_wheel_imports_beside_a_users_extract_py(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "-q", str(wheel)])
    assert proc.returncode == 0, proc.stderr
    # the dependencies (lxml, pdfplumber, …) come from this environment; .pth files of a directory
    # added this way are not run, so this environment's editable finder stays out
    fresh_site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (fresh_site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    tops = {p.name for p in fresh_site.iterdir()}
    assert not tops & {"extract", "normalize", "cli.py", "samplegen", "bench"}, tops

    user = tmp_path / "user_pipeline"
    user.mkdir()
    (user / "extract.py").write_text("MINE = True\n")
    (user / "cli.py").write_text("MINE = True\n")
    (user / "probe.py").write_text(IMPORT_ALL)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = _run([str(py), "probe.py", str(SAMPLE)], cwd=user, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout)
    assert Path(seen["file"]).is_relative_to(env_dir), seen["file"]
    assert "docstruct.extract.readers.pdf.reader" in seen["modules"]
    assert "docstruct.normalize.decode" in seen["modules"]
    assert seen["template"] == "2021" and seen["cells"] > 100

    script = env_dir / "bin" / "docstruct"
    proc = _run([str(script), "extract", str(SAMPLE), "--compact"], cwd=user, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["metadata"]["template"] == "2021"


def test_every_package_folder_ships(wheel: Path) -> None:
    """pyproject lists the subpackages by hand (package-dir maps them); one left out would not ship."""
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {"extract", "normalize", "batch", "service", "view"}
    inits = ROOT.glob("*/**/__init__.py")
    folders = sorted(p.parent.relative_to(ROOT) for p in inits if p.parts[len(ROOT.parts)] in tops)
    missing = [str(f) for f in folders if f"docstruct/{f.as_posix()}/__init__.py" not in names]
    assert folders and not missing, f"package folders missing from the wheel (add them to pyproject): {missing}"
