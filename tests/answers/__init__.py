"""Wrong and alternative answers per module, keyed by answer-cell grade_id (CONTRIBUTING.md §5)."""
