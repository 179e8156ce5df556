"""Plain-text helpers for excerpts: one place decides how text is shortened."""

import html
import re

_TAG = re.compile(r"<[^>]*>")
# The "#" links the Markdown function adds to headings are navigation, not text.
_HEADING_ANCHOR = re.compile(r'<a class="heading-anchor"[^>]*>#</a>')
_SPACE = re.compile(r"\s+")
ELLIPSIS = "…"


def plain_text(rendered_html):
    """Readable text of rendered HTML: tags dropped, entities decoded, whitespace collapsed."""
    without_anchors = _HEADING_ANCHOR.sub("", rendered_html or "")
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", without_anchors))).strip()


def cut_at_word(text, limit):
    """Text no longer than `limit` characters, cut at a word boundary and ending in "…" if cut."""
    text = _SPACE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS) + 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    else:
        cut = cut[: limit - len(ELLIPSIS)]
    return cut.rstrip(" ,;:.-–—(") + ELLIPSIS
