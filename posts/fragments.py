"""Data that every page shows (the category menu, the sidebar), cached under the content version.

They cost a query each per page otherwise; `remember` keeps them exactly as fresh as the pages.
"""

from .cache import remember
from .models import Category, Post

RECENT_POSTS = 6


def categories():
    return remember("categories", lambda: list(Category.objects.all()))


def recent_posts():
    """The newest published posts with what the sidebar prints (ages are worked out at each render)."""
    fields = ("title", "slug", "summary", "published_at")
    return remember("recent-posts", lambda: list(Post.objects.published().only(*fields)[:RECENT_POSTS]))
