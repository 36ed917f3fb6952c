"""The Ray engine gives the same store as the local pool (issue 6: 'Ray path = local pool records')."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_helpers import make_folder

from docstruct.batch.driver import BatchOptions, Driver, collect
from docstruct.batch.jobs import Limits, Outcome
from docstruct.batch.store import dump_store, open_readonly


def _run(folder: Path, out: Path, engine: str) -> list[Outcome]:
    done: list[Outcome] = []
    options = BatchOptions(out, jobs=2, limits=Limits(max_seconds=60), engine=engine)
    Driver(collect([str(folder)], out), options, done.append).run()
    return done


def test_ray_engine_gives_the_local_pools_store(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'docstruct[ray]')")
    folder = tmp_path / "in"
    files = make_folder(folder)
    local = _run(folder, tmp_path / "local", "local")
    ray.init(num_cpus=2, object_store_memory=256 * 1024 * 1024, include_dashboard=False)
    try:
        remote = _run(folder, tmp_path / "ray", "ray")
    finally:
        ray.shutdown()
    assert sorted((d.path, d.status) for d in remote) == sorted((d.path, d.status) for d in local)
    assert {d.path for d in remote if d.status == "failed"} == set(files["bad"])
    assert dump_store(open_readonly(tmp_path / "ray")) == dump_store(open_readonly(tmp_path / "local"))
