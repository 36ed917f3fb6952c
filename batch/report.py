"""What a batch shows a person: the progress bar while it runs, the summary when it ends (stderr)."""

from __future__ import annotations

import time
from collections import defaultdict
from types import TracebackType
from typing import Any

from docstruct.batch.driver import Tally
from docstruct.batch.jobs import Outcome, Status

SLOWEST = 5            # the summary lists this many of the slowest files
LIST_AT_MOST = 10      # and at most this many files per group (failed checks, each failure reason)


def printable(text: str) -> str:
    """Text safe to show on a terminal: control characters (escape sequences) spelled out."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}" for c in text)


class ProgressBar:
    """A rich progress bar on stderr with counts, rate and ETA; silent when disabled."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.counts = {status: 0 for status in Status}
        self.started = time.perf_counter()
        self._progress: Any = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[green]{task.fields[ok]} ok[/] [yellow]{task.fields[partial]} partial[/] "
                       "[red]{task.fields[failed]} failed[/]"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._task = self._progress.add_task("batch", total=total, ok=0, partial=0, failed=0, rate="")

    def advance(self, done: Outcome) -> None:
        if done.status in self.counts:
            self.counts[done.status] += 1
        if self._progress is None:
            return
        n = sum(self.counts.values())
        rate = n / max(time.perf_counter() - self.started, 1e-9)
        self._progress.update(self._task, advance=1, rate=f"{rate:.1f} docs/s", **self.counts)

    def __enter__(self) -> ProgressBar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()


def summary_lines(tally: Tally, jobs: int, engine: str) -> list[str]:
    """The closing summary: counts, failed checks, speed, the slowest files, failures by reason."""
    wall = time.perf_counter() - tally.started
    extracted = [d for d in tally.done if d.how == "extracted"]
    rate = len(extracted) / wall if wall > 0 else 0.0
    lines = [
        f"docstruct batch: {len(tally.done)} files ({len(extracted)} extracted, {_n(tally, 'stored')} already stored, "
        f"{_n(tally, 'duplicate')} duplicates) in {wall:.1f} s, {rate:.2f} docs/s, {jobs} workers ({engine})",
        "  " + "   ".join(f"{status} {tally.count(status)}" for status in Status),
    ]
    lines.append(f"  refreshed {sum(1 for d in extracted if d.refreshed)} (stored records another parser version "
                 "made, extracted again)")
    with_failed = [d for d in tally.done if d.checks_failed and d.how != "duplicate"]
    lines.append(f"  reports with failed checks: {len(with_failed)}")
    lines += [f"    {printable(d.path)}: {d.checks_failed} failed" for d in with_failed[:LIST_AT_MOST]]
    lines += _more(len(with_failed))
    lines += ocr_lines(extracted)
    slow = sorted(extracted, key=lambda d: -d.seconds)[:SLOWEST]
    if slow:
        lines.append(f"  slowest {len(slow)}:")
        lines += [f"    {d.seconds:7.2f} s  {printable(d.path)}" for d in slow]
    lines += failure_lines(tally.done)
    lines += tally.cross
    return lines


def ocr_pages(record: dict[str, Any] | None) -> int:
    """How many pages of a record were read by OCR (its normalization step ocr_pages)."""
    steps = ((record or {}).get("normalization") or {}).get("steps") or []
    return sum(int(s.get("count", 0)) for s in steps if s.get("name") == "ocr_pages")


def ocr_lines(extracted: list[Outcome]) -> list[str]:
    """Seconds per OCRed page (issue 13): the scanned documents' whole time over their OCRed pages."""
    scanned = [(d, ocr_pages(d.record)) for d in extracted if ocr_pages(d.record)]
    if not scanned:
        return []
    pages = sum(n for _, n in scanned)
    seconds = sum(d.seconds for d, _ in scanned)
    rss = max((d.peak_rss_kb or 0 for d, _ in scanned), default=0) / 1024
    return [f"  OCR: {pages} pages in {len(scanned)} scanned documents, {seconds / pages:.2f} s/page, "
            f"worker peak RSS {rss:.0f} MB"]


def failure_lines(done: list[Outcome]) -> list[str]:
    """Failed files grouped by reason (error code), each with its one-line error."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for d in done:
        if d.status == Status.FAILED:  # a duplicate too: it is a file that failed, for its bytes' reason
            groups[d.error_code or "unknown"].append(d)
    if not groups:
        return []
    lines = ["  failures by reason:"]
    for reason, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"    {reason} ({len(items)}):")
        lines += [f"      {printable(d.path)}: {printable(d.error or '')}".rstrip(": ") for d in items[:LIST_AT_MOST]]
        lines += ["  " + line for line in _more(len(items))]
    return lines


def _n(tally: Tally, how: str) -> int:
    return sum(1 for d in tally.done if d.how == how)


def _more(n: int) -> list[str]:
    return [f"    … and {n - LIST_AT_MOST} more"] if n > LIST_AT_MOST else []
