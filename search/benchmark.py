"""Generated content and queries for `manage.py bench_search` (`make bench-search`).

Text comes from a word-pair (Markov) model of the demo posts, so common words, phrases and
stop words occur as in real articles, plus a long tail of made-up product and error names that
real knowledge bases are full of. Markdown is rendered once per generated paragraph, not per
post; posts are assembled from paragraphs and written with bulk inserts.
"""

import random
import re
import statistics
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from posts.markdown import render_markdown
from posts.models import Author, Category, Post
from posts.text import cut_at_word, plain_text

from .indexing import index_posts, optimize
from .query import STOP_WORDS

DEMO_DIR = Path(__file__).resolve().parent.parent / "posts" / "demo"
PARAGRAPHS = 20_000
RARE_TERMS = 30_000
CATEGORIES = 12
AUTHORS = 8
BATCH = 2000
SYLLABLES = "ka lo mi ne ru ta vo zen dor bex qua fi gal hom jup lys nor pex sil tre ux wim yar".split()
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|[.,?!]")


def demo_words():
    """The words and punctuation of the demo posts, in order, without their header lines."""
    words = []
    for path in sorted(DEMO_DIR.glob("*.md")):
        body = path.read_text(encoding="utf-8").partition("\n\n")[2]
        words += _WORD.findall(body)
    return words


class TextModel:
    """A word-pair model: each word is followed by one seen after it in the demo posts."""

    def __init__(self, rng):
        self.rng = rng
        words = demo_words()
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


def generate(count, seed=4):
    """Fill the (scratch) database with `count` posts; returns the text model, for queries."""
    rng = random.Random(seed)
    model = TextModel(rng)
    pieces = []
    for _ in range(PARAGRAPHS):
        markdown = model.paragraph()
        html = render_markdown(markdown)
        pieces.append((markdown, html, plain_text(html)))
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            Category(name=f"Topic {n}", slug=f"topic-{n}") for n in range(CATEGORIES)
        )
        authors = Author.objects.bulk_create(
            Author(name=f"Writer {n}", slug=f"writer-{n}") for n in range(AUTHORS)
        )
    now = timezone.now()
    for start in range(0, count, BATCH):
        posts = [
            new_post(n, model, rng, pieces, categories, authors, now)
            for n in range(start, min(start + BATCH, count))
        ]
        with transaction.atomic():
            Post.objects.bulk_create(posts)
            index_posts(posts)
    optimize()
    return model


def new_post(n, model, rng, pieces, categories, authors, now):
    chosen = rng.sample(pieces, rng.randint(3, 14))
    roll = rng.random()
    status = Post.Status.DRAFT if roll < 0.05 else Post.Status.PUBLISHED
    published_at = now - timedelta(minutes=rng.randint(1, 3 * 365 * 24 * 60))
    if 0.05 <= roll < 0.1:
        published_at = now + timedelta(days=rng.randint(1, 60))
    return Post(
        title=model.title()[:200],
        slug=f"bench-{n}",
        category=rng.choice(categories),
        author=rng.choice(authors),
        body="\n\n".join(markdown for markdown, _, _ in chosen),
        body_html="\n".join(html for _, html, _ in chosen),
        summary=cut_at_word(" ".join(text for _, _, text in chosen[:2]), 300),
        status=status,
        published_at=published_at if status == Post.Status.PUBLISHED or roll < 0.02 else None,
        kind=Post.Kind.FAQ if rng.random() < 0.3 else Post.Kind.ARTICLE,
    )


HOSTILE = [
    '"', '"unbalanced quote', "AND OR NOT", "NEAR(", "NEAR(team plan, 3)", "*", "plan*", "-", "-team",
    ":", "title:plan", "((team)", "'; DROP TABLE posts_post; --", "1' OR '1'='1", "😀 team 🚀",
    "x" * 2500, ("project plan " * 300).strip(), "team\x00plan", "%_\\", "{}[]^~",
]  # fmt: skip


def queries(model, count=200, seed=42):
    """A varied, repeatable mix: frequent, middling and rare words, titles, phrases, questions."""
    rng = random.Random(seed)
    vocabulary = [w.lower() for words in model.next.values() for w in words if w.isalpha()]
    by_frequency = [w for w, _ in sorted(_counts(vocabulary).items(), key=lambda item: -item[1])]
    content = [w for w in by_frequency if w not in STOP_WORDS and len(w) > 2]
    mixes = {
        "frequent word": lambda: rng.choice(content[:30]),
        "middling word": lambda: rng.choice(content[30:300]),
        "rare name": lambda: rng.choice(model.rare),
        "two or three words": lambda: " ".join(rng.sample(content[:400], rng.randint(2, 3))),
        "words of a title": model.title,
        "phrase": lambda: '"' + " ".join(model.sentence(4, 6).split()[1:3]).strip(".,") + '"',
        "question": lambda: model.sentence(5, 10).rstrip(".") + "?",
        "or / not": lambda: (
            f"{rng.choice(content[:200])} or {rng.choice(content[:200])} -{rng.choice(content[:50])}"
        ),
    }
    share = (count - len(HOSTILE)) // len(mixes)
    out = [(kind, make()) for kind, make in mixes.items() for _ in range(share)]
    out += [("hostile", text) for text in HOSTILE]
    while len(out) < count:
        out.append(("rare name", rng.choice(model.rare)))
    return out[:count]


def _counts(words):
    counts = defaultdict(int)
    for word in words:
        counts[word] += 1
    return counts


def timed(function, *args):
    """Wall-clock milliseconds of one call."""
    return timed_with_cpu(function, *args)[0]


def timed_with_cpu(function, *args):
    """Wall-clock and this process's CPU milliseconds of one call. On SQLite the database works
    inside the process, so CPU time shows the cost without waiting for a busy machine's cores."""
    start, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def summary(timings):
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered))) - 1)]
    return {"median": statistics.median(ordered), "p99": p99, "max": ordered[-1]}
