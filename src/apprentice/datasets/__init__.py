"""Seeded generators of the course's synthetic data sets.

Each generator is deterministic for a given scenario (``random.Random`` seeded with an integer,
no clock, no network), and a test under ``tests/datasets/`` pins what it produces, so the
files shipped next to an assignment can always be rebuilt and checked.
"""
