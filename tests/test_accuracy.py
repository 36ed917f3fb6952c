"""The accuracy gate: benchmark figures stay at or above bench/floors.json, and floors only go up."""

from __future__ import annotations

import itertools
import json
import subprocess

import pytest

from bench.accuracy import below_floors, score, summarize, truth_pairs
from tests.conftest import ROOT, shared_path

FLOORS = ROOT / "bench" / "floors.json"


def _floors() -> dict[str, dict[str, float]]:
    data: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return data


def test_real_reports_meet_their_floors() -> None:
    real = shared_path("real")
    summary = summarize([score(doc, truth) for doc, truth in truth_pairs([real])])
    assert below_floors(summary, _floors(), "real") == []


def test_samples_meet_their_floors() -> None:
    pairs = truth_pairs([ROOT / "samples"])
    if not pairs:
        pytest.skip("no samples with truth files yet")
    summary = summarize([score(doc, truth) for doc, truth in pairs])
    assert below_floors(summary, _floors(), "samples") == []


def _history() -> list[dict[str, dict[str, float]]]:
    # the mainline's versions (first parents): two branches' versions side by side are no sequence
    try:
        log = subprocess.run(
            ["git", "log", "--first-parent", "--reverse", "--format=%H", "--", "bench/floors.json"],
            cwd=ROOT, capture_output=True, text=True, timeout=30, check=True,
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return []
    out = []
    for commit in log:
        shown = subprocess.run(["git", "show", f"{commit}:bench/floors.json"], cwd=ROOT, capture_output=True, text=True)
        if shown.returncode == 0:
            out.append(json.loads(shown.stdout))
    return [*out, _floors()]


def test_floors_only_go_up() -> None:
    history = _history()
    for older, newer in itertools.pairwise(history):
        for group, figures in older.items():
            if group.startswith("_"):
                continue
            for key, floor in figures.items():
                assert group in newer and key in newer[group], f"floor {group}.{key} was removed"
                now = newer[group][key]
                if key == "crashes":
                    assert now <= floor, f"{group}.{key} went from {floor} to {now}"
                else:
                    assert now >= floor, f"{group}.{key} went down from {floor} to {now}"
