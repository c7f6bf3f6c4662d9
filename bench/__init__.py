"""Benchmarks: each module runs one and prints one JSON object as its last line."""
