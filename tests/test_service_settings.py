"""ServiceSettings holds the one Limits type, and the `serve`/`browse` flags map to its fields (issue 16 part 3)."""

from __future__ import annotations

from pathlib import Path

from docstruct.cli import build_parser, service_settings
from docstruct.extract.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, MIB, Limits
from docstruct.service.settings import ServiceSettings


def test_settings_hold_the_one_limits_with_its_defaults() -> None:
    assert ServiceSettings().limits == Limits()
    assert (ServiceSettings().limits.max_seconds, ServiceSettings().limits.max_memory_mb) == (
        DEFAULT_SECONDS, DEFAULT_MEMORY_MB)
    # the grace period the pool's parent waits comes with the type, not a second copy
    assert ServiceSettings(limits=Limits(max_seconds=7)).limits.grace_seconds == Limits().grace_seconds


def test_serve_without_flags_is_the_default_settings() -> None:
    for argv in (["serve"], ["browse", "out"]):
        settings = service_settings(build_parser().parse_args(argv))
        store = Path("out") if argv[0] == "browse" else None
        assert settings == ServiceSettings(store=store), argv


def test_serve_flags_map_to_their_fields(tmp_path: Path) -> None:
    argv = ["serve", "--max-seconds", "7.5", "--max-memory-mb", "300", "--workers", "3", "--queue-limit", "5",
            "--max-upload-mb", "2", "--store", str(tmp_path), "--allow-upload", "--max-jobs-per-worker", "9"]
    settings = service_settings(build_parser().parse_args(argv))
    assert settings == ServiceSettings(workers=3, limits=Limits(max_seconds=7.5, max_memory_mb=300),
                                       max_upload_bytes=2 * MIB, queue_limit=5, store=tmp_path, store_upload=True,
                                       max_jobs_per_worker=9)
