"""Small helpers that build objects for tests, with sensible defaults and every field overridable."""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from posts.models import Author, Category, Post

_sequence = itertools.count(1)


def make_category(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Category {n}")
    fields.setdefault("slug", f"category-{n}")
    return Category.objects.create(**fields)


def make_author(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Author {n}")
    fields.setdefault("slug", f"author-{n}")
    fields.setdefault("job_title", "WordPress Developer")
    return Author.objects.create(**fields)


def make_post(**fields):
    """A published post from a day ago unless told otherwise."""
    n = next(_sequence)
    fields.setdefault("title", f"Post number {n}")
    fields.setdefault("slug", f"post-{n}")
    fields.setdefault("body", f"The body of post {n}, with **bold** text and a list:\n\n- one\n- two\n")
    fields.setdefault("status", Post.Status.PUBLISHED)
    if "published_at" not in fields and fields["status"] == Post.Status.PUBLISHED:
        fields["published_at"] = timezone.now() - timedelta(days=1)
    if "category" not in fields:
        fields["category"] = make_category()
    if "author" not in fields:
        fields["author"] = make_author()
    return Post.objects.create(**fields)


def make_user(username="reader", password="a-long-test-password-1", **fields):
    """A plain account: no staff status, no permissions unless `fields` say so."""
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_superuser(username="editor", password="a-long-test-password-1", **fields):
    """An editor who may do everything in the admin."""
    return make_user(username=username, password=password, is_staff=True, is_superuser=True, **fields)


def make_posts_in_bulk(count, category, author):
    """`count` published posts, one an hour apart, inserted in one query (no render, no signals)."""
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            title=f"Bulk {i}", slug=f"bulk-{i}", body="Text", body_html="<p>Text</p>", summary="Text",
            category=category, author=author, status=Post.Status.PUBLISHED,
            published_at=now - timedelta(hours=i + 1),
        )
        for i in range(count)
    )  # fmt: skip
