"""Benchmarks: each `bench_*.py` module is run by `make bench` (python -m bench)."""
