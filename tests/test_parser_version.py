"""Stale records are redone (issue 15): the store records the parser version; a rerun refreshes the rest.

A store is made, then turned into what an older docstruct left (no version
columns at all, or rows of an older parser version) with altered records; a
plain rerun must refresh every row so that the exports equal a fresh store's.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from batch_helpers import GOOD, SAMPLES, docstruct, downgrade_store

from docstruct.batch.store import STORE_NAME, dump_store, open_readonly
from docstruct.extract.version import PARSER_VERSION, docstruct_version

FORMATS = ("jsonl", "csv-long", "csv-wide", "csv-facts")


def _inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in (GOOD[0], GOOD[2], GOOD[4]):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def _batch(inputs: Path, out: Path, *extra: str) -> str:
    proc = docstruct("batch", str(inputs), "-o", str(out), "--jobs", "1", *extra)
    assert proc.returncode in (0, 4), proc.stderr
    return proc.stderr


def _exports(out: Path, *extra: str) -> dict[str, str]:
    got = {}
    for fmt in FORMATS:
        proc = docstruct("export", str(out), "--format", fmt, "-o", "-", *extra)
        assert proc.returncode == 0, proc.stderr
        got[fmt] = proc.stdout
    return got


def _alter_records(conn: sqlite3.Connection) -> None:
    """What an older parser might have stored: another title, another cell value."""
    conn.execute("UPDATE documents SET title = '旧', record = json_set(record, '$.metadata.title', '旧')")
    conn.execute("UPDATE cells SET value = value + 1 WHERE value IS NOT NULL AND seq = 0")


def _dump(out: Path) -> str:
    conn = open_readonly(out)
    try:
        return dump_store(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("versions")
    inputs = _inputs(base / "in")
    out = base / "fresh"
    assert "refreshed 0" in _batch(inputs, out)
    return inputs, out, _exports(out)


def test_meta_and_rows_record_the_versions(fresh: tuple[Path, Path, dict[str, str]]) -> None:
    conn = open_readonly(fresh[1])
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    versions = {v for (v,) in conn.execute("SELECT parser_version FROM documents")}
    conn.close()
    assert meta["parser_version"] == str(PARSER_VERSION) and meta["docstruct_version"] == docstruct_version()
    assert versions == {PARSER_VERSION}
    lines = _exports(fresh[1], "--versions")
    assert all(json.loads(line)["parser_version"] == PARSER_VERSION for line in lines["jsonl"].splitlines())
    header, *rows = lines["csv-wide"].lstrip("\ufeff").splitlines()
    assert header.endswith(",parser_version") and all(r.endswith(f",{PARSER_VERSION}") for r in rows)


def test_store_of_the_previous_schema_is_upgraded_and_refreshed(fresh: tuple[Path, Path, dict[str, str]],
                                                               tmp_path: Path) -> None:
    inputs, fresh_out, fresh_exports = fresh
    old = tmp_path / "old"
    _batch(inputs, old)
    downgrade_store(old)
    conn = sqlite3.connect(old / STORE_NAME)
    with conn:
        _alter_records(conn)
    conn.close()
    assert _exports(old) != fresh_exports
    stderr = _batch(inputs, old)
    assert "refreshed 3" in stderr and "0 already stored" in stderr
    assert _exports(old) == fresh_exports
    assert _dump(old) == _dump(fresh_out).replace(str(fresh_out), str(old))


def test_rows_of_another_parser_version_are_redone_unless_kept(fresh: tuple[Path, Path, dict[str, str]],
                                                               tmp_path: Path) -> None:
    inputs, _fresh_out, fresh_exports = fresh
    out = tmp_path / "out"
    _batch(inputs, out)
    conn = sqlite3.connect(out / STORE_NAME)
    with conn:
        conn.execute("UPDATE documents SET parser_version = ?", (PARSER_VERSION - 1,))
        _alter_records(conn)
    conn.close()
    altered = _exports(out)
    stderr = _batch(inputs, out, "--keep-stale")
    assert "refreshed 0" in stderr and "3 already stored" in stderr
    assert _exports(out) == altered
    wide = _exports(out, "--versions")["csv-wide"].lstrip("\ufeff").splitlines()[1:]
    assert all(r.endswith(f",{PARSER_VERSION - 1}") for r in wide)
    stderr = _batch(inputs, out)
    assert "refreshed 3" in stderr
    assert _exports(out) == fresh_exports
    assert "refreshed 0" in _batch(inputs, out)  # and once refreshed, they are current
