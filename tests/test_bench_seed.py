"""The benchmarks measure a site like a real one: their generated posts hold every field
`Post.save()` would derive, and the search index (behind search and related posts) is built."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains

from bench.seed import seed_pages, seed_search
from posts.models import Post
from search.models import SearchDocument

pytestmark = pytest.mark.django_db


def derived(post):
    return {name: getattr(post, name) for name in sorted(Post.DERIVED_FIELDS | {"owner_id", "published_at"})}


def assert_fields_are_what_save_derives(posts):
    for post in posts:
        seeded = derived(post)
        post.save()
        post.refresh_from_db()
        assert derived(post) == seeded, post.slug


def test_make_bench_posts_hold_what_save_would_derive():
    seed_pages(30)
    posts = Post.objects.all()
    assert posts.count() == 36  # and five drafts and one scheduled post
    cases = posts.filter(slug__startswith="case-")
    assert all(post.body_html and post.summary and post.review_due_on for post in cases)
    assert_fields_are_what_save_derives(posts)


def test_make_bench_site_is_indexed_for_search_and_related_posts():
    seed_pages(30)
    assert SearchDocument.objects.count() == Post.objects.count()
    client = Client()
    assertContains(client.get("/search/", {"q": "discovery"}), "How do we handle case")
    assertContains(client.get("/posts/case-15/"), "Related posts")


def test_search_bench_posts_hold_what_save_would_derive_and_are_indexed():
    model = seed_search(40)
    assert Post.objects.count() == SearchDocument.objects.count() == 40
    assert_fields_are_what_save_derives(Post.objects.all())
    post = next(post for post in Post.objects.published() if any(name in post.body for name in model.rare))
    rare = next(name for name in model.rare if name in post.body)
    assertContains(Client().get("/search/", {"q": rare}), post.get_absolute_url())
