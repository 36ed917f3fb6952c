"""Cross-report checks on a 1,000-report store: how long `docstruct check OUT` takes to rebuild them.

Usage: python -m bench.cross_checks [--reports 1000] [--twins 50] [--rounds 3]
Builds a store in a temporary folder from the samples' records (samples/*),
re-keyed as 100 agencies x 10 years (one record per report, the same cells
and checks as extracted), plus ``--twins`` second readings with one cell
changed, then times ``refresh_cross`` (keys, continuity, twins and their
disagreements, check_blame) per round.  Goal: <= 5 s for 1,000 reports.
A benchmark, not a test: machines are shared; say the load beside the figure.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docstruct.batch.cross import refresh_cross  # noqa: E402
from docstruct.batch.rows import record_rows  # noqa: E402
from docstruct.batch.store import Store, StoredDocument  # noqa: E402
from docstruct.extract import extract_file  # noqa: E402

AGENCIES = 100


def _templates() -> list[dict[str, Any]]:
    records = []
    for path in sorted((ROOT / "samples").iterdir()):
        if path.suffix in (".txt", ".md", ".html", ".docx") and ".truth" not in path.name:
            record = extract_file(path).to_json()
            if record["tables"]:
                records.append(record)
    return records


def _variant(base: dict[str, Any], agency: str, year: int, salt: str) -> dict[str, Any]:
    record = copy.deepcopy(base)
    record["metadata"]["agency"], record["metadata"]["year"] = agency, year
    record["source"]["sha256"] = hashlib.sha256(f"{agency}:{year}:{salt}".encode()).hexdigest()
    return record


def build(out: Path, reports: int, twins: int) -> int:
    """Write the store; returns how many documents it holds."""
    bases = _templates()
    store = Store(out)
    n = 0
    for i in range(reports + twins):
        twin = i >= reports
        j = (i - reports) * (reports // max(twins, 1)) if twin else i
        agency, year = f"测试{j % AGENCIES:03d}县人民政府", 2016 + j // AGENCIES
        record = _variant(bases[j % len(bases)], agency, year, "twin" if twin else "")
        if twin:  # a second reading with one cell misread
            cell = record["tables"]["applications"]["new_received"]["natural_person"]
            cell["value"] = (cell["value"] or 0) + 1
        sha = record["source"]["sha256"]
        store.write(StoredDocument(sha, f"{sha[:8]}.txt", (f"{sha[:8]}.txt",), "txt", 1, "ok", None, None, 0.0,
                                   record), record_rows(record))
        n += 1
    store.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--twins", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        docs = build(Path(tmp), args.reports, args.twins)
        print(f"store: {docs} documents built in {time.perf_counter() - t:.1f} s")
        for r in range(args.rounds):
            store = Store(tmp)
            t = time.perf_counter()
            checks = refresh_cross(store.conn)
            seconds = time.perf_counter() - t
            twins = store.conn.execute("SELECT COUNT(*) FROM twins").fetchone()[0]
            diffs = store.conn.execute("SELECT COUNT(*) FROM twin_disagreements").fetchone()[0]
            store.close()
            print(f"round {r + 1}: check {seconds:.2f} s for {docs} reports ({len(checks)} continuity results, "
                  f"{twins} documents in twin groups, {diffs} disagreements); goal <= 5 s")
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
