"""Tooling for the InfraSec apprenticeship: syllabus, release, self-check, secure grading, reports."""

__version__ = "0.1.0"
