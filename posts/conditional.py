"""Conditional GET for post pages: `If-None-Match` and `If-Modified-Since` answered with 304.

The validators come from everything on a post page that content can change: the post with its
author and category, and the sidebar (the newest published posts, with the age each one shows).
The ETag changes whenever any of that does. `Last-Modified` is the newest time the post or one of the
sidebar's posts was published or edited, so it can miss what only the ETag sees (an author's bio,
the sidebar's "2 days ago" becoming "3 days ago"); clients that send both are judged by the ETag.
Only published posts get validators: drafts previewed by staff are never cached.
"""

import hashlib

from django.views.decorators.http import condition

from pagecache.version import content_version

from .fragments import newest_posts
from .models import Post
from .templatetags.posts_tags import age


def public_post(request, slug):
    """The published post at `slug`, or None; looked up once per request, so the view reuses it."""
    found = request.__dict__.setdefault("_public_posts", {})
    if slug not in found:
        found[slug] = Post.objects.published().for_post_page().filter(slug=slug).first()
    return found[slug]


def validators(request, slug):
    """(ETag, Last-Modified) for the post page at `slug`, or (None, None) when it is not public."""
    found = request.__dict__.setdefault("_post_validators", {})
    if slug not in found:
        post = public_post(request, slug)
        if post is None:
            found[slug] = (None, None)
        else:
            found[slug] = compute(post, list(newest_posts()), request.user)
    return found[slug]


def compute(post, sidebar, user):
    author, category = post.author, post.category
    # Whether the reader is staff is part of it: a page that differs for editors must not be
    # answered 304 from the copy the same browser kept before logging in.
    shown = [
        # Any change to the site's content (related posts, the menu) gives every page a new tag.
        content_version(),
        user.is_staff,
        post.pk, post.slug, post.status, post.published_at, post.updated_at,
        author.slug, author.name, author.job_title, author.bio,
        category.slug, category.name,
        post.reviewed_on, [(tag.slug, tag.name) for tag in post.tags.all()],
        post.previous_slug, post.previous_title, post.next_slug, post.next_title,
    ]  # fmt: skip
    for item in sidebar:
        shown += [item.pk, item.slug, item.title, item.summary, item.published_at, age(item.published_at)]
    etag = hashlib.sha256(repr(shown).encode()).hexdigest()[:32]
    last_modified = max(
        [post.updated_at, post.published_at]
        + [item.updated_at for item in sidebar]
        + [item.published_at for item in sidebar]
    )
    return etag, last_modified


def post_etag(request, slug):
    return validators(request, slug)[0]


def post_last_modified(request, slug):
    return validators(request, slug)[1]


def post_page_condition(view):
    """Answers conditional requests for the view with 304 when the reader's copy is current.

    How long browsers may keep the page before asking is the page cache's rule
    (`pagecache.middleware.PageCacheMiddleware.mark_public`): briefly, then they must revalidate, which
    these validators make cheap.
    """
    return condition(etag_func=post_etag, last_modified_func=post_last_modified)(view)
