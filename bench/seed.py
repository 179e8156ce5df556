"""Fill a scratch database with generated posts, for both benchmarks.

- `seed_pages(count)`, for `make bench` (through bench/prepare.py): bodies of a few kilobytes made
  from the demo posts, a few drafts and one scheduled post.

Rows go in with `bulk_create`, which is what makes 100,000 posts affordable but skips
`Post.save()` and its signals. What those would have done is done here the site's own way: every
derived field comes from the model's own methods (`derive`), and the search index is built by
`rebuild_search_index` (which also replaces the content version), as after any bulk import.
"""

import functools
import io
import itertools
import random
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from addresses.models import OldAddress
from posts.demo import demo_posts
from posts.models import Author, Category, Post

CATEGORIES = 12
AUTHORS = 8
BATCH = 2000


@functools.lru_cache(maxsize=64)
def _rendered(body, excerpt):
    """A post rendered from this body and excerpt. `make bench` repeats a few bodies, and
    rendering them is most of the cost of seeding."""
    post = Post(body=body, excerpt=excerpt)
    post.render()
    return post


def derive(post):
    """Fill in every field `Post.save()` derives, in save()'s order: the publication date, the
    rendering (which reads only the body and excerpt, so a post rendered from the same ones lends
    its fields), then the review schedule, which also sets the owner."""
    post.date_publication()
    rendered = _rendered(post.body, post.excerpt)
    for name in Post.DERIVED_FIELDS:
        setattr(post, name, getattr(rendered, name))
    post.schedule_review()
    return post


def insert(posts):
    """Write posts (any iterable, consumed lazily) in batches, each with its derived fields."""
    posts = iter(posts)
    while batch := [derive(post) for post in itertools.islice(posts, BATCH)]:
        with transaction.atomic():
            Post.objects.bulk_create(batch)


def build_search_index():
    call_command("rebuild_search_index", stdout=io.StringIO())


def empty():
    """Delete all content: for a scratch database only."""
    Post.objects.all().delete()
    OldAddress.objects.all().delete()  # deleting public posts retired their addresses
    Category.objects.all().delete()
    Author.objects.all().delete()


def categories_and_authors():
    categories = Category.objects.bulk_create(
        Category(name=f"Topic {n}", slug=f"topic-{n}", description=f"Questions about topic {n}.")
        for n in range(CATEGORIES)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Writer {n}", slug=f"writer-{n}", job_title="Engineer", bio="Writes answers.")
        for n in range(AUTHORS)
    )
    return categories, authors


# make bench


DISTINCT_BODIES = 24


def demo_bodies():
    """Bodies of a few kilobytes, each four demo posts and a code block."""
    demo = [fields["body"] for fields in demo_posts()]
    rng = random.Random(5)
    return [
        "\n\n".join(rng.sample(demo, 4)) + f"\n\n```python\ndef answer():\n    return {n}\n```\n"
        for n in range(DISTINCT_BODIES)
    ]


@transaction.atomic
def seed_pages(count):
    empty()
    categories, authors = categories_and_authors()
    bodies = itertools.cycle(demo_bodies())
    now = timezone.now()
    insert(
        Post(
            title=f"How do we handle case {n}?",
            slug=f"case-{n}",
            kind=Post.Kind.FAQ if n % 3 == 0 else Post.Kind.ARTICLE,
            category=categories[n % CATEGORIES],
            author=authors[n % AUTHORS],
            body=next(bodies),
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(minutes=10 * n + 1),
        )
        for n in range(count)
    )
    # A few drafts and one scheduled post, as on a real site.
    insert(
        Post(title=f"Draft {n}", slug=f"draft-{n}", category=categories[0], author=authors[0], body="x")
        for n in range(5)
    )
    Post.objects.create(
        title="Scheduled next month", slug="scheduled", category=categories[0], author=authors[0],
        body="Soon.", status=Post.Status.PUBLISHED, published_at=now + timedelta(days=30),
    )  # fmt: skip
    build_search_index()
