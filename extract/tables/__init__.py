"""Rebuild flattened or native tables and map them onto a template.

Stages, each kept inspectable for the debug view: blocks -> stream (one
string with cell boundaries and a source map) -> tokens per template row ->
candidate splits -> resolved cells.
"""
