"""Scale benchmarks for Annotator: run ``python -m benchmarks`` (``--quick`` for a small run).

Each figure is printed next to a limit measured in the same run (raw sqlite3, langdetect
alone, or a target from the issue), as a ratio. See ``benchmarks/README.md``.
"""
