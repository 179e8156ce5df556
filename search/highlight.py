"""Snippets with the matched words highlighted, safely.

Backends ask the database to wrap matches in two control characters that can never occur in
indexed text (they are stripped from it). Here the snippet is escaped first, then only those
markers become <mark> elements, so nothing from a post's text can turn into markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\x02", "\x03"
_MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def highlight(snippet):
    html = _MARKED.sub(r"<mark>\1</mark>", escape(snippet or ""))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 (escaped above)
