"""What both search backends share: the result types and the words that stand for a post."""

from collections import Counter
from dataclasses import dataclass

from posts.models import Post
from posts.text import plain_text

from ..query import STOP_WORDS, ParsedQuery, Term, words_of

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
    return ParsedQuery(text=post.title, groups=[terms] if terms else [])
