"""Pieces every page shows (the category menu, the sidebar), cached under the content version.

Rendering them costs more than the rest of a post page, so their HTML is kept exactly as long as a
cached page would be; `remember` applies the same freshness rules.
"""

from django.template.loader import render_to_string
from django.urls import reverse

from pagecache.fragments import remember

from .models import Category, Post

RECENT_POSTS = 6


def categories():
    return remember("categories", lambda: list(Category.objects.all()))


def newest_posts():
    """The posts the sidebar lists; post pages derive their ETag from the same query."""
    fields = ["title", "slug", "summary", "published_at", "updated_at"]
    return remember("newest-posts", lambda: list(Post.objects.published().only(*fields)[:RECENT_POSTS]))


def recent_posts_html():
    """The sidebar: the newest published posts, each with a short excerpt and its age."""

    def build():
        return render_to_string("includes/recent_posts.html", {"recent_posts": newest_posts()})

    return remember("recent-posts", build)


def category_nav_html(path):
    """The menu, with the link to the page being shown (home or a category) marked as current."""

    def build():
        links = [("All posts", reverse("posts:home"))] + [
            (c.name, c.get_absolute_url()) for c in categories()
        ]
        return render_to_string("includes/category_nav.html", {"links": links})

    # One cached menu for every page: each address appears once in it, so marking it is exact.
    return remember("category-nav", build).replace(
        f'<a href="{path}">', f'<a href="{path}" aria-current="page">', 1
    )
