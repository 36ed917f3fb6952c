"""A big store made quickly: the documents of a real batch copied under synthetic ids, agencies and years.

The store pages' benchmark (100,000 rows) and the browser test (1,000 reports)
are about the pages, not extraction, so their rows are written directly: each
copy takes a real stored document's checks, warnings and (optionally) cells
and record, under a new sha256, a made-up agency, year and seconds, and a path
that does not exist (its report page says the source is gone).
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

from docstruct.batch.store import STORE_NAME, Store

AGENCIES = ("市审计局", "区人民政府", "县教育局", "市公安局", "区卫生健康局", "市自然资源局", "县人民政府办公室",
            "市交通运输局", "区民政局", "市生态环境局")
PLACES = ("怀化", "长沙", "株洲", "岳阳", "常德", "益阳", "郴州", "永州", "邵阳", "娄底", "湘潭", "衡阳")
CHUNK = 5000  # documents per transaction
DOC_COPY = ("path, format, bytes, status, error_code, error, seconds, template, title, agency, year, "
            "checks_failed, record, parser_version, warning_count")


def _copy_one(conn: sqlite3.Connection, src: str, i: int, rng: random.Random, full: bool) -> None:
    new = hashlib.sha256(f"synthetic {i}".encode()).hexdigest()
    agency = rng.choice(PLACES) + rng.choice(AGENCIES)
    year = 2019 + rng.randrange(6)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    seconds = round(rng.lognormvariate(-1.2, 0.9), 3)
    # without full, a 4,000-character stand-in: a real row holds a record's JSON (tens of KB), so each row
    # fills a page of its own, which is what a scan of the table pays for
    record = "record" if full else "CASE WHEN record IS NULL THEN NULL ELSE substr(hex(zeroblob(2000)), 1, 4000) END"
    conn.execute(
        f"INSERT INTO documents (sha256, {DOC_COPY}) SELECT ?, ?, format, bytes, status, error_code, error, ?, "
        f"template, CASE WHEN status = 'failed' THEN NULL ELSE ? END, CASE WHEN status = 'failed' THEN NULL "
        f"ELSE ? END, CASE WHEN status = 'failed' THEN NULL ELSE ? END, checks_failed, {record}, parser_version, "
        "warning_count FROM documents WHERE sha256 = ?",
        (new, f"synthetic/{i:06d}.txt", seconds, title, agency, year, src),
    )
    conn.execute("INSERT INTO paths VALUES (?, ?)", (new, f"synthetic/{i:06d}.txt"))
    # without full, only what the list filters on: the failed checks (warning_count is a documents column)
    ok = "" if full else " AND ok = 0"
    conn.execute(f"INSERT INTO checks SELECT ?, seq, rule, ok, detail FROM checks WHERE sha256 = ?{ok}", (new, src))
    if full:
        conn.execute("INSERT INTO warnings SELECT ?, seq, text FROM warnings WHERE sha256 = ?", (new, src))
        conn.execute('INSERT INTO cells SELECT ?, "table", "row", col, seq, value, raw, source FROM cells '
                     "WHERE sha256 = ?", (new, src))
        conn.execute("INSERT INTO facts SELECT ?, seq, key, subject, value, unit, raw, sentence, section, source "
                     "FROM facts WHERE sha256 = ?", (new, src))


def fill_store(out: str | Path, total: int, *, full: bool = True, seed: int = 15) -> int:
    """Add synthetic copies of the stored documents until the store holds ``total``; returns how many were added.

    full: copy cells, facts and the record too (the report page works); without, only what the list needs.
    """
    Store(out).close()  # the current schema (columns, indexes) before rows are copied in
    conn = sqlite3.connect(Path(out) / STORE_NAME, isolation_level=None)
    try:
        seeds = [s for (s,) in conn.execute("SELECT sha256 FROM documents ORDER BY sha256")]
        if not seeds:
            raise ValueError(f"{out}: an empty store has nothing to copy")
        rng = random.Random(seed)
        added = max(0, total - len(seeds))
        for start in range(0, added, CHUNK):
            conn.execute("BEGIN")
            for i in range(start, min(added, start + CHUNK)):
                _copy_one(conn, seeds[i % len(seeds)], i, rng, full)
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # keeps the WAL small
    finally:
        conn.close()
    return added
