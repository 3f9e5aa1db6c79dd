"""Tooling for the InfraSec apprenticeship: syllabus, release, self-check, secure grading, reports."""

import sys

__version__ = "0.1.0"

# jsonschema (imported by nbformat) loads rfc3987_syntax, when installed, to check "iri"
# strings, and that builds a large parser at import time: about a second for every command
# and every grading batch. Nothing in this course validates IRIs, so skip that optional check.
sys.modules.setdefault("rfc3987_syntax", None)
