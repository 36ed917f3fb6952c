"""Many files through the one pipeline: the isolated worker pool, the store, the exports, the engines.

``extract_many(paths)`` (``docstruct.batch.run``, also ``docstruct.extract_many``) is the Python API;
``WorkerPool`` (``docstruct.batch.pool``) is the pool the service shares. Nothing heavy is imported here.
"""

from docstruct.batch.jobs import ErrorCode, Status
from docstruct.batch.pool import Job, Limits, Outcome, QueueFull, WorkerPool
from docstruct.batch.run import extract_many

__all__ = ["ErrorCode", "Job", "Limits", "Outcome", "QueueFull", "Status", "WorkerPool", "extract_many"]
