"""Learner-written Markdown made safe for every page a mentor or a learner opens.

A written answer is rendered to HTML once, when the grader rebuilds the submission, and the
HTML is cleaned with nh3 (the maintained Rust sanitiser ammonia): no scripts, no event
handlers, no styles, links only to http, https and mailto, and no images (a remote image in
a mentor's page would tell its author when it was read). The cleaned HTML becomes the
cell's source, so the formgrader, feedback and any notebook viewer show text, never code.
"""

from __future__ import annotations

import nh3
from nbconvert.filters.markdown_mistune import markdown2html_mistune

TAGS = nh3.ALLOWED_TAGS - {"img", "map", "area"}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    return nh3.clean(html, tags=TAGS, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def markdown(text: str) -> str:
    """Learner Markdown as clean HTML ('' for blank text)."""
    if not text.strip():
        return text
    try:
        html = markdown2html_mistune(text)
    except Exception:  # noqa: BLE001 -- anything the renderer chokes on is shown as plain text
        html = "<pre>" + nh3.clean_text(text) + "</pre>"
    return clean_html(html).strip() + "\n"
