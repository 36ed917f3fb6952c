"""The command line: records on stdout, one-line errors for unreadable files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, shared_path

CLI = [sys.executable, str(ROOT / "cli.py")]


def _run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(CLI + args, input=stdin, capture_output=True, timeout=120, cwd=ROOT)


def test_seed_record_matches_its_truth() -> None:
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    proc = _run(["extract", str(seed)])
    assert proc.returncode == 0, proc.stderr
    checker = shared_path("tools", "check_seed.py")
    check = subprocess.run([sys.executable, str(checker)], input=proc.stdout, capture_output=True, timeout=60)
    assert check.returncode == 0, check.stdout.decode()
    assert b"198/198 cells right, 0 mismatches" in check.stdout


def test_stdin_gives_the_same_record_as_the_file() -> None:
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    from_file = json.loads(_run(["extract", str(seed)]).stdout)
    from_stdin = json.loads(_run(["extract", "-"], stdin=seed.read_bytes()).stdout)
    from_file["source"].pop("path")
    from_stdin["source"].pop("path")
    assert from_file == from_stdin


def test_same_input_same_bytes() -> None:
    seed = sorted(shared_path("seeds").glob("*.txt"))[0]
    assert _run(["extract", str(seed)]).stdout == _run(["extract", str(seed)]).stdout


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        os.urandom(0) + bytes(range(256)) * 16,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64 + bytes(range(256)) * 4,
        b"   \n\n\t  \n",
    ],
    ids=["empty", "all-bytes", "png-renamed", "elf-renamed", "whitespace"],
)
def test_garbage_gives_one_line_error(tmp_path: Path, payload: bytes) -> None:
    bad = tmp_path / "report.txt"
    bad.write_bytes(payload)
    proc = _run(["extract", str(bad)])
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("docstruct: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert proc.stdout == b""


def test_random_bytes_never_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "random.txt"
    bad.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(8192)))
    proc = _run(["extract", str(bad)])
    assert "Traceback" not in proc.stderr.decode()
    assert proc.returncode in (0, 2)


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    proc = _run(["extract", str(tmp_path / "nope.txt")])
    assert proc.returncode == 2
    assert proc.stderr.decode().count("\n") == 1


def _big_report(tmp_path: Path) -> Path:
    body = "二、主动公开政府信息情况 规章 1 2 3 行政许可 4 5 6\n" * 40000
    path = tmp_path / "big.txt"
    path.write_text(body, encoding="utf-8")
    return path


def test_time_limit_is_a_one_line_error(tmp_path: Path) -> None:
    proc = _run(["extract", str(_big_report(tmp_path)), "--max-seconds", "0.2"])
    assert proc.returncode == 2
    assert "longer than the limit of 0.2 s" in proc.stderr.decode()
    assert proc.stderr.decode().count("\n") == 1


def test_memory_limit_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "digits.txt"
    path.write_text("二、主动公开政府信息情况\n规章" + "1" * 3_000_000, encoding="utf-8")
    proc = _run(["extract", str(path), "--max-memory-mb", "250"])
    assert proc.returncode == 2, proc.stderr
    assert "memory" in proc.stderr.decode()


def test_endless_digit_runs_are_not_numbers(tmp_path: Path) -> None:
    # a 100k-digit 'cell' once crashed int() (4300-digit limit); it is no cell at all
    path = tmp_path / "digits.txt"
    path.write_text("二、主动公开政府信息情况\n规章" + "7" * 100_000 + "\n行政许可 1 2 3\n", encoding="utf-8")
    proc = _run(["extract", str(path)])
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert "rules" not in record["tables"].get("active_disclosure", {})


def test_labels_without_numbers_give_one_warning(tmp_path: Path) -> None:
    labels = "\n".join(
        ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "总计",
         "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
         "(一)予以公开", "(七)总计", "四、结转下年度继续办理", "四、政府信息公开行政复议、行政诉讼情况"]
    )
    path = tmp_path / "labels.txt"
    head = "某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n本年制发件数\n现行有效件数\n"
    path.write_text(head + labels, "utf-8")
    record = json.loads(_run(["extract", str(path)]).stdout)
    assert "applications" not in record["tables"]
    about = [w for w in record["warnings"] if w.startswith("applications")]
    assert len(about) == 1 and "without any numbers" in about[0]
