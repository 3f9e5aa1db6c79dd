"""Trusted helpers that lab exercises run inside the grading jail (CONTRIBUTING.md section 4b).

Each helper is a small command, ``python -m apprentice.labs.<name> ...``, that takes the
learner's artefact and the course's inputs as files, runs the field's real tool on them and
prints one JSON document, so a test cell can check a structured result rather than parse a
tool's free text. The learner's artefact is untrusted: it is only ever parsed inside the jail.
"""
