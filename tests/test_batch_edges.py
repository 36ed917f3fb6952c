"""The rough edges of ``docstruct batch`` a tester found (issue 16): each test failed before its fix."""

from __future__ import annotations

import json
import os
import shutil
import sys
import types
from pathlib import Path

import pool_hooks
import pytest
from batch_helpers import SAMPLES, docstruct

from docstruct.batch.driver import EXIT_FAILED
from docstruct.batch.jobs import Job, Limits
from docstruct.batch.pool import WorkerPool
from docstruct.batch.store import open_readonly

TXT = ["gen01_2019_seedlike_tradpinyin.txt", "gen02_2021_glued_crawler.txt", "gen03_2019_partially_spaced_error.txt"]


def _inputs(folder: Path, names: list[str]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return [str(folder / name) for name in names]


def _paths(stdout: str) -> list[str]:
    return sorted(json.loads(line)["source"]["path"] for line in stdout.splitlines())


def test_jsonl_streams_stored_documents_too_and_jsonl_new_only_the_new(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    first = _inputs(folder, TXT[:2])
    assert docstruct("batch", str(folder), "-o", str(out), "--quiet").returncode in (0, 4)
    later = _inputs(folder, TXT[2:])  # as after a kill and a rerun: two stored, one new
    every = docstruct("batch", str(folder), "-o", str(out), "--jsonl", "-", "--quiet")
    assert _paths(every.stdout) == sorted(first + later), every.stderr
    new = docstruct("batch", str(folder), "-o", str(out), "--jsonl-new", "-", "--quiet", "--force")
    assert _paths(new.stdout) == sorted(first + later)  # forced: all extracted anew
    none_new = docstruct("batch", str(folder), "-o", str(out), "--jsonl-new", "-", "--quiet")
    assert none_new.stdout == "" and none_new.returncode in (0, 4)
    # the stored lines are the very bytes the store's jsonl export holds
    export = docstruct("export", str(out), "--format", "jsonl", "-o", "-")
    assert sorted(every.stdout.splitlines()) == sorted(export.stdout.splitlines())


def test_a_missing_path_on_stdin_is_a_failed_document_and_the_rest_goes_on(tmp_path: Path) -> None:
    good = _inputs(tmp_path / "in", TXT[:1])
    gone = str(tmp_path / "in" / "deleted-meanwhile.txt")
    proc = docstruct("batch", "--stdin", "--jsonl", "-", "-o", str(tmp_path / "out"), stdin=f"{gone}\n{good[0]}\n")
    assert proc.returncode == EXIT_FAILED, proc.stderr
    assert _paths(proc.stdout) == good
    assert "deleted-meanwhile.txt" in proc.stderr and "No such file" in proc.stderr
    # a missing PATH argument stays a usage error: the user typed it
    typo = docstruct("batch", str(tmp_path / "nope"), "-o", str(tmp_path / "out2"))
    assert typo.returncode == 2 and "no such file" in typo.stderr


def test_prune_drops_documents_whose_files_are_gone_and_says_which(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    paths = _inputs(folder, TXT)
    shutil.copy(paths[0], folder / "copy.txt")  # the same bytes under a second name
    other = _inputs(tmp_path / "elsewhere", TXT[2:])  # another input set in the same store
    assert docstruct("batch", str(folder), other[0], "-o", str(out), "--quiet").returncode in (0, 4)
    os.remove(paths[1])
    os.remove(paths[0])  # its bytes live on as copy.txt
    os.remove(paths[2])  # its bytes live on under elsewhere/, which this run does not look at
    proc = docstruct("batch", str(folder), "-o", str(out), "--prune")
    assert proc.returncode in (0, 4), proc.stderr
    assert "pruned: 1 documents whose files are all gone, 3 names gone" in proc.stderr
    assert f"dropped {paths[1]}" in proc.stderr
    conn = open_readonly(out)
    names = sorted(p for (p,) in conn.execute("SELECT path FROM paths"))
    assert names == sorted([str(folder / "copy.txt"), other[0]])
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    orphans = "SELECT COUNT(*) FROM cells WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
    assert conn.execute(orphans).fetchone()[0] == 0
    again = docstruct("batch", str(folder), "-o", str(out), "--prune", "--quiet")
    assert "pruned: 0 documents whose files are all gone, 0 names gone" in again.stderr


def test_a_worker_is_replaced_after_max_jobs_per_worker() -> None:
    sample = str(SAMPLES / TXT[1])
    with WorkerPool(1, Limits(max_seconds=60, max_memory_mb=2048), postprocess=pool_hooks.pid,
                    max_jobs_per_worker=2) as pool:
        pids = [pool.submit(Job(str(i), sample, keep_document=True)).result(timeout=120).extra for i in range(5)]
    assert [p is not None for p in pids] == [True] * 5
    workers = [p["pid"] for p in pids if p is not None]
    assert workers[0] == workers[1] != workers[2] == workers[3] != workers[4]


def test_local_ray_starts_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    from docstruct.batch import ray_engine

    calls: list[dict[str, object]] = []
    fake = types.SimpleNamespace(is_initialized=lambda: False, init=lambda **kw: calls.append(kw))
    monkeypatch.setitem(sys.modules, "ray", fake)
    monkeypatch.delenv(ray_engine.RAY_SINGLE_MACHINE_VAR, raising=False)
    ray_engine.ensure_ray(2, None)
    assert calls[-1].get("_node_ip_address") == "127.0.0.1"
    assert os.environ[ray_engine.RAY_SINGLE_MACHINE_VAR] == "0"
    ray_engine.ensure_ray(2, "ray://head:10001")
    assert "_node_ip_address" not in calls[-1] and calls[-1]["address"] == "ray://head:10001"


def test_local_ray_nodes_listen_on_loopback() -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'docstruct[ray]')")
    code = ("from docstruct.batch.ray_engine import ensure_ray; ray = ensure_ray(1, None); "
            "print(sorted({n['NodeManagerAddress'] for n in ray.nodes()})); ray.shutdown()")
    proc = docstruct_python(code)
    assert proc.strip().splitlines()[-1] == "['127.0.0.1']"


def docstruct_python(code: str) -> str:
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env,
                          check=True)
    return done.stdout
