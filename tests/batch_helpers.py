"""Small folders for the batch tests: samples, duplicates and bad files (no generator run needed)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOOD = [
    "gen01_2019_seedlike_tradpinyin.txt",
    "gen02_2021_glued_crawler.txt",
    "gen03_2019_partially_spaced_error.txt",
    "gen05_2021_pipe_cells_utf16.txt",
    "gen10_2019_html_table.html",
    "gen13_2021_docx_tables.docx",
]


def make_folder(root: Path, copies: int = 1) -> dict[str, list[str]]:
    """A dozen-odd files: good samples (``copies`` variants of each), a duplicate, bad files, and noise.

    Returns {"good": [...], "bad": [...], "duplicate": [...], "ignored": [...]} as paths under root.
    """
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir()
    good, bad = [], []
    for i, name in enumerate(GOOD):
        for c in range(copies):
            dest = (root if i % 2 else root / "sub") / (f"c{c}_{name}" if copies > 1 else name)
            data = (SAMPLES / name).read_bytes()
            # a different trailing newline count: different bytes (a new sha256), the same report
            if c and dest.suffix == ".txt" and not name.startswith("gen05"):
                data += b"\n" * c
            elif c:
                continue
            dest.write_bytes(data)
            good.append(str(dest))
    dup = root / "sub" / "same_bytes_again.txt"
    shutil.copy(SAMPLES / GOOD[1], dup)
    (root / "empty.txt").write_bytes(b"")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a docx")
    (root / "notadocx.docx").write_bytes(buf.getvalue())
    (root / "truncated.pdf").write_bytes((SAMPLES / "gen15_2021_pdf_ruled.pdf").read_bytes()[:700])
    bad += [str(root / "empty.txt"), str(root / "notadocx.docx"), str(root / "truncated.pdf")]
    (root / ".hidden.txt").write_bytes((SAMPLES / GOOD[0]).read_bytes())
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_bytes(b"hidden folder")
    (root / "notes.json").write_text('{"a": 1}')
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return {"good": good, "bad": bad, "duplicate": [str(dup)],
            "ignored": [".hidden.txt", ".git/x.txt", "notes.json", "picture.png"]}


def docstruct(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "docstruct.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=600, check=False, cwd=cwd, env=env)


def set_stored_title(out: Path, path_part: str, title: str) -> None:
    """Give a stored document (found by a part of its path) another title, in its row and its record.

    The extractor never reads markup into a title, so a hostile title for the
    pages and summary.html to escape is written into the store directly.
    """
    import sqlite3

    conn = sqlite3.connect(out / "docstruct.sqlite")
    with conn:
        conn.execute("UPDATE documents SET title = ?, record = json_set(record, '$.metadata.title', ?) "
                     "WHERE path LIKE ?", (title, title, f"%{path_part}%"))
    conn.close()


def downgrade_store(out: Path) -> None:
    """Make a store what main wrote before parser versions: no added columns, indexes or meta keys."""
    import sqlite3

    from docstruct.batch.store_schema import ADDED_COLUMNS, INDEXES

    conn = sqlite3.connect(out / "docstruct.sqlite")
    with conn:
        for sql in INDEXES:
            conn.execute("DROP INDEX " + sql.split(" EXISTS ", 1)[1].split(" ON ", 1)[0])
        for table, column, _kind in ADDED_COLUMNS:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        conn.execute("DELETE FROM meta WHERE key != 'schema'")
    conn.close()
