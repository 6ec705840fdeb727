"""Benchmarks, run by hand or by `make bench`; pytest collects nothing here."""
