"""Readers: ``read_<fmt>(data, options) -> Document``, one per input format."""
