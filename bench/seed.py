"""Fill a scratch database with generated posts, for both benchmarks.

- `seed_pages(count)`, for `make bench` (through bench/prepare.py): bodies of a few kilobytes made
  from the demo posts, a few drafts and one scheduled post.
- `seed_search(count)`, for `make bench-search` (bench/search.py): text from a word-pair model of
  the demo posts, so common words, phrases and stop words occur as in real articles, plus a long
  tail of made-up product and error names that real knowledge bases are full of.

Rows go in with `bulk_create`, which is what makes 100,000 posts affordable but skips
`Post.save()` and its signals. What those would have done is done here the site's own way: every
derived field comes from the model's own methods (`derive`), and the search index is built by
`rebuild_search_index` (which also replaces the content version), as after any bulk import.
"""

import functools
import io
import itertools
import random
import re
from collections import defaultdict
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


# make bench-search


PARAGRAPHS = 20_000
RARE_TERMS = 30_000
SYLLABLES = "ka lo mi ne ru ta vo zen dor bex qua fi gal hom jup lys nor pex sil tre ux wim yar".split()
TITLE_LENGTH = Post._meta.get_field("title").max_length
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[.,?!]")


class TextModel:
    """A word-pair model: each word is followed by one seen after it in the demo posts."""

    def __init__(self, rng):
        self.rng = rng
        words = [word for fields in demo_posts() for word in _WORD.findall(fields["body"])]
        self.next = defaultdict(list)
        for current, following in zip(words, words[1:], strict=False):
            self.next[current.lower()].append(following)
        self.starts = [w for prev, w in zip(words, words[1:], strict=False) if prev in ".?!" and w.isalpha()]
        self.rare = sorted(
            {
                "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) + str(rng.randint(1, 99))
                for _ in range(RARE_TERMS)
            }
        )

    def sentence(self, low=8, high=24):
        word = self.rng.choice(self.starts)
        out = [word]
        for _ in range(self.rng.randint(low, high)):
            word = self.rng.choice(self.next.get(word.lower()) or self.starts)
            if word in ".?!":
                break
            out.append(word)
        if self.rng.random() < 0.3:
            out.insert(self.rng.randrange(1, len(out) + 1), self.rng.choice(self.rare))
        text = " ".join(out).replace(" ,", ",")
        return text[0].upper() + text[1:].rstrip(",") + "."

    def paragraph(self):
        """Markdown: mostly prose, sometimes a heading, a list, or bold and code."""
        roll = self.rng.random()
        if roll < 0.1:
            return "## " + self.sentence(3, 7).rstrip(".")
        if roll < 0.25:
            return "\n".join(f"- {self.sentence(5, 14)}" for _ in range(self.rng.randint(3, 6)))
        text = " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))
        if roll < 0.4:
            words = text.split(" ")
            i = self.rng.randrange(len(words))
            words[i] = f"**{words[i]}**" if roll < 0.33 else f"`{self.rng.choice(self.rare)}`"
            text = " ".join(words)
        return text

    def title(self):
        return self.sentence(3, 9).rstrip(".") + self.rng.choice(["?", "", ""])


def seed_search(count, seed=4):
    """`count` posts of 3 to 14 shared paragraphs each; returns the text model, for queries.

    Sharing paragraphs keeps generation affordable and gives even a "rare" name tens of posts.
    """
    rng = random.Random(seed)
    model = TextModel(rng)
    paragraphs = [model.paragraph() for _ in range(PARAGRAPHS)]
    with transaction.atomic():
        empty()
        categories, authors = categories_and_authors()
    now = timezone.now()
    insert(search_post(n, model, rng, paragraphs, categories, authors, now) for n in range(count))
    build_search_index()
    return model


def search_post(n, model, rng, paragraphs, categories, authors, now):
    """90 % published, 5 % drafts, 5 % scheduled."""
    chosen = rng.sample(paragraphs, rng.randint(3, 14))
    roll = rng.random()
    status = Post.Status.DRAFT if roll < 0.05 else Post.Status.PUBLISHED
    published_at = now - timedelta(minutes=rng.randint(1, 3 * 365 * 24 * 60))
    if 0.05 <= roll < 0.1:
        published_at = now + timedelta(days=rng.randint(1, 60))
    return Post(
        title=model.title()[:TITLE_LENGTH],
        slug=f"bench-{n}",
        category=rng.choice(categories),
        author=rng.choice(authors),
        body="\n\n".join(chosen),
        status=status,
        published_at=published_at if status == Post.Status.PUBLISHED or roll < 0.02 else None,
        kind=Post.Kind.FAQ if rng.random() < 0.3 else Post.Kind.ARTICLE,
    )
