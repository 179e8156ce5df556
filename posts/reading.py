"""What a reader sees before the body: the table of contents and the reading time.

Both are computed from the sanitised HTML, once on save, so they describe exactly what is shown and
no Markdown is parsed per request.
"""

import math
from html.parser import HTMLParser

from .text import plain_text

WORDS_PER_MINUTE = 200
TOC_LEVELS = {"h2", "h3", "h4"}
# A shorter post is read top to bottom; a table of contents would only be in the way.
TOC_MIN_HEADINGS = 3


class _HeadingCollector(HTMLParser):
    """Collects (level, id, text) of headings that have an id, ignoring their anchor links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings = []
        self._current = None
        self._in_anchor_link = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in TOC_LEVELS and attributes.get("id"):
            self._current = {"level": int(tag[1]), "id": attributes["id"], "text": ""}
        elif tag == "a" and "heading-anchor" in (attributes.get("class") or ""):
            self._in_anchor_link = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_anchor_link = False
        elif self._current and tag == f"h{self._current['level']}":
            self._current["text"] = " ".join(self._current["text"].split())
            if self._current["text"]:
                self.headings.append(self._current)
            self._current = None

    def handle_data(self, data):
        if self._current and not self._in_anchor_link:
            self._current["text"] += data


def table_of_contents(html):
    """The headings of a rendered body as [{"level", "id", "text"}], empty when there are too few."""
    collector = _HeadingCollector()
    collector.feed(html or "")
    collector.close()
    return collector.headings if len(collector.headings) >= TOC_MIN_HEADINGS else []


def reading_minutes(html):
    """Whole minutes to read the body at an unhurried pace; at least one."""
    words = len(plain_text(html).split())
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
