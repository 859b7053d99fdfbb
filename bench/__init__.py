"""Benchmarks on large data. `make bench` runs bench.run (pegawai import, pegawai list, audit
keyset paging); each module works on its own PostgreSQL database, which it creates, migrates and
drops itself, and writes its figures to bench/results/."""
