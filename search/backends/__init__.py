"""One search interface, one backend per database engine.

`get_backend()` picks the backend that fits the default database; views and templates only use
its two methods, `search(query)` and `related(post, limit)`, and never know which engine runs.

Both backends rank the same way. Posts whose title matches come first, then the others, each
group by relevance. So that a word found in most posts costs no more than a rare one, the work
per query is bounded: results are counted up to MAX_RESULTS (more shows as "more than"), and
each group is ranked among its newest MAX_RESULTS matches (by post id), which only changes
anything for queries that match more posts than that.
"""

from collections import Counter
from dataclasses import dataclass

from django.db import connection

from posts.models import Post
from posts.text import plain_text

from ..query import STOP_WORDS, SearchQuery, Term, words_of

# Words a post shares with others, for "related posts": its title's, and its body's most frequent.
RELATED_BODY_WORDS = 6
RELATED_BODY_CHARS = 20_000
MAX_RESULTS = 250


@dataclass
class Hit:
    post: Post
    snippet: str  # safe HTML: escaped text with <mark> around matched words


class Results:
    """A lazy result list for Django's Paginator: `count()` and slices run one query each."""

    def __init__(self, count, page):
        self._count_matches = count  # counts up to MAX_RESULTS + 1 published matches
        self._count = None
        self._page = page

    def count(self):
        if self._count is None:
            self._count = self._count_matches()
        return min(self._count, MAX_RESULTS)

    @property
    def capped(self):
        """True when there are more matches than are counted and shown."""
        return self.count() < self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Search results are read a page at a time.")
        start = index.start or 0
        stop = self.count() if index.stop is None else min(index.stop, self.count())
        return self._page(start, max(stop - start, 0)) if stop > start else []


def related_query(post):
    """Words that stand for a post: its title's, then its body's most frequent longer words."""
    title = [word for word in words_of(post.title) if word not in STOP_WORDS]
    body = words_of(plain_text(post.body_html)[:RELATED_BODY_CHARS])
    counts = Counter(word for word in body if len(word) > 3 and word not in STOP_WORDS)
    words = dict.fromkeys(title + [word for word, _ in counts.most_common(RELATED_BODY_WORDS)])
    terms = [Term((word,)) for word in words]
    return SearchQuery(text=post.title, groups=[terms] if terms else [])


def get_backend():
    if connection.vendor == "postgresql":
        from .postgresql import PostgreSQLBackend

        return PostgreSQLBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()
