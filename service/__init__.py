"""The HTTP service: ``docstruct serve`` (FastAPI + uvicorn, imported only on that path).

A request -> a private upload file -> the worker pool (docstruct.batch.pool) ->
a record or one JSON error shape.  The debug page is rendered with docstruct.view.
"""
