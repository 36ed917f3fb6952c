"""The Ray engine: the same per-file function on a Ray cluster (``--engine ray``), imported only on that path.

Ray Data maps the files over actors (``ray.data.from_items(jobs).map(RayExtractor)``).
Each actor keeps a one-worker ``WorkerPool``, so a file runs exactly as in the
local engine: in a worker process that imported the pipeline once, under the
same time and memory bounds, replaced when it dies or overruns.  Workers read
the files (every node must see the same paths: a shared file system) and
extract; outcomes travel back as JSON text; the driver writes the store.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import Any

from docstruct.batch.jobs import Job, Limits, Outcome

# Object store of a Ray instance this engine starts itself (not when joining a cluster):
# records are small, and the machine is shared.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
# where a Ray instance this engine starts itself listens
LOCAL_ADDRESS = "127.0.0.1"
# Ray's switch between cluster and single-machine mode ("0": single machine, on loopback)
RAY_SINGLE_MACHINE_VAR = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


class RayExtractor:
    """A Ray Data actor: one isolated worker process, the per-file function of every engine."""

    def __init__(self, limits: dict[str, Any], flatten: bool, max_jobs_per_worker: int | None = None) -> None:
        from docstruct.batch.pool import WorkerPool

        self.pool = WorkerPool(1, Limits(**limits), flatten=flatten, max_jobs_per_worker=max_jobs_per_worker)

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        outcome = self.pool.submit(Job(key=row["key"], path=row["path"])).result()
        return {"key": row["key"], "outcome": json.dumps(asdict(outcome), ensure_ascii=False)}


def outcome_from_json(text: str) -> Outcome:
    """An Outcome back from its JSON text."""
    return Outcome(**json.loads(text))


def _loopback_only() -> None:
    """Make a Ray instance started here take 127.0.0.1 as its node address, not the host's routable one.

    Ray resolves ``127.0.0.1`` to the host's routable address unless its single-machine mode
    (``ray_constants.ENABLE_RAY_CLUSTER`` off, read from this variable when ray is imported) is set;
    then the GCS, the raylet and the workers all listen on loopback.
    """
    os.environ[RAY_SINGLE_MACHINE_VAR] = "0"
    constants = sys.modules.get("ray._private.ray_constants")
    if constants is not None:  # ray imported already: its constant was read from the environment then
        constants.ENABLE_RAY_CLUSTER = False  # type: ignore[attr-defined]


def ensure_ray(workers: int | None, address: str | None) -> Any:
    """The ray module, connected: to ``address`` when given, else to a new local instance on loopback."""
    if not address:
        _loopback_only()
    try:
        import ray
    except ImportError as exc:
        raise RuntimeError("the Ray engine needs Ray: pip install 'docstruct[ray]'") from exc
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR)
        else:
            # a local instance is for this machine only: on loopback, never the host's routable
            # address (issue 16); --address joins a cluster on the network instead
            ray.init(num_cpus=workers, object_store_memory=LOCAL_OBJECT_STORE_BYTES, include_dashboard=False,
                     log_to_driver=False, logging_level=logging.ERROR, _node_ip_address=LOCAL_ADDRESS)
    return ray


def run_ray(jobs: Iterable[Job], workers: int | None, limits: Limits, address: str | None,
            flatten: bool = False, max_jobs_per_worker: int | None = None) -> Iterator[Outcome]:
    """Outcomes of the jobs (paths only: Ray workers read the files), as Ray Data yields them."""
    ray = ensure_ray(workers, address)
    items = [{"key": j.key, "path": j.path} for j in jobs]
    if not items:
        return
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # after ray.data configured its logging
    concurrency = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    dataset = ray.data.from_items(items, override_num_blocks=len(items)).map(
        RayExtractor,
        fn_constructor_kwargs={"limits": asdict(limits), "flatten": flatten,
                               "max_jobs_per_worker": max_jobs_per_worker},
        compute=ray.data.ActorPoolStrategy(size=concurrency),
        num_cpus=1,
    )
    for row in dataset.iter_rows():
        yield outcome_from_json(row["outcome"])
