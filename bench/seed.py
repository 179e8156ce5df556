"""Fill a scratch database with generated posts shaped like the demo ones (run by bench/run.py)."""

import itertools
import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pagecache.version import bump_content_version
from posts.management.commands.loaddemo import DEMO_DIR, read_demo_post
from posts.models import Author, Category, Post

CATEGORIES = 12
AUTHORS = 8
DISTINCT_BODIES = 24
BATCH = 2000


def body_pool():
    """Bodies of a few kilobytes made from the demo posts, each rendered once."""
    demo = [read_demo_post(path)["body"] for path in sorted(DEMO_DIR.glob("*.md"))]
    rng = random.Random(5)
    pool = []
    for n in range(DISTINCT_BODIES):
        parts = rng.sample(demo, 4)
        body = "\n\n".join(parts) + f"\n\n```python\ndef answer():\n    return {n}\n```\n"
        post = Post(body=body, excerpt="")
        post.render()
        pool.append((body, post.body_html, post.summary))
    return pool


@transaction.atomic
def seed(count):
    Post.objects.all().delete()
    Category.objects.all().delete()
    Author.objects.all().delete()
    categories = Category.objects.bulk_create(
        Category(name=f"Topic {n}", slug=f"topic-{n}", description=f"Questions about topic {n}.")
        for n in range(CATEGORIES)
    )
    authors = Author.objects.bulk_create(
        Author(name=f"Writer {n}", slug=f"writer-{n}", job_title="Engineer", bio="Writes answers.")
        for n in range(AUTHORS)
    )
    pool = body_pool()
    now = timezone.now()
    posts = (
        Post(
            title=f"How do we handle case {n}?",
            slug=f"case-{n}",
            kind=Post.Kind.FAQ if n % 3 == 0 else Post.Kind.ARTICLE,
            category=categories[n % CATEGORIES],
            author=authors[n % AUTHORS],
            body=body,
            body_html=body_html,
            summary=summary,
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(minutes=10 * n + 1),
        )
        for n, (body, body_html, summary) in zip(range(count), itertools.cycle(pool), strict=False)
    )
    while batch := list(itertools.islice(posts, BATCH)):
        Post.objects.bulk_create(batch)
    # A few drafts and one scheduled post, as on a real site.
    Post.objects.bulk_create(
        Post(title=f"Draft {n}", slug=f"draft-{n}", category=categories[0], author=authors[0], body="x")
        for n in range(5)
    )
    Post.objects.create(
        title="Scheduled next month", slug="scheduled", category=categories[0], author=authors[0],
        body="Soon.", status=Post.Status.PUBLISHED, published_at=now + timedelta(days=30),
    )  # fmt: skip
    # bulk_create sends no save signals.
    bump_content_version()
