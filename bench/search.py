"""`make bench-search`: search latency at scale, on the engine DATABASE_URL selects.

Run: `DJANGO_SETTINGS_MODULE=kb.settings_test python -m bench.search [--posts N] [--keep] ...`

Works in a scratch database of its own (the test database name, with a `_bench_search` suffix),
never in the site's: fills it with generated posts (bench/seed.py), runs a fixed mix of queries
through the site's search backend, and prints the median and 99th percentile of their latencies.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import django

RESULTS_PER_PAGE = 10
HOSTILE = [
    '"', '"unbalanced quote', "AND OR NOT", "NEAR(", "NEAR(team plan, 3)", "*", "plan*", "-", "-team",
    ":", "title:plan", "((team)", "'; DROP TABLE posts_post; --", "1' OR '1'='1", "😀 team 🚀",
    "x" * 2500, ("project plan " * 300).strip(), "team\x00plan", "%_\\", "{}[]^~",
]  # fmt: skip


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--passes", type=int, default=3, help="Timed passes over the queries.")
    parser.add_argument(
        "--keep", action="store_true", help="Keep the scratch database and reuse it next time."
    )
    return parser.parse_args()


def queries(model, count=200, seed=42):
    """A varied, repeatable mix: frequent, middling and rare words, titles, phrases, questions."""
    from search.query import STOP_WORDS

    rng = random.Random(seed)
    model.rng = random.Random(seed)  # titles, phrases and questions draw from a generator of their own
    vocabulary = Counter(w.lower() for words in model.next.values() for w in words if w.isalpha())
    by_frequency = [w for w, _ in sorted(vocabulary.items(), key=lambda item: -item[1])]
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


def timed(function, *args):
    """Wall-clock and this process's CPU milliseconds of one call. On SQLite the database works
    inside the process, so CPU time shows the cost without waiting for a busy machine's cores."""
    start, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def summary(timings):
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered))) - 1)]
    return {"median": statistics.median(ordered), "p99": p99, "max": ordered[-1]}


def search_once(backend, text):
    """What the results page asks of the database: the count and the first page of hits."""
    from search.query import parse

    query = parse(text)
    if query:
        results = backend.search(query)
        results.count()
        results[0:RESULTS_PER_PAGE]


def scratch_database(keep):
    """Switch the default connection to the scratch database; returns the site's database name."""
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        scratch = str(Path(tempfile.gettempdir()) / f"{Path(database['NAME']).stem}_bench_search.sqlite3")
    else:
        scratch = f"{database['NAME']}_bench_search"
    database.setdefault("TEST", {})["NAME"] = scratch
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep)


def fill(count):
    """The generated posts (reused when a kept database already has `count`); returns the text model."""
    from django.db import connection

    from bench.seed import TextModel, seed_search
    from posts.models import Post

    if Post.objects.count() == count:
        say(f"Reusing {count:,} generated posts")
        return TextModel(random.Random(4))
    start = time.perf_counter()
    model = seed_search(count)
    say(f"Generated and indexed {count:,} posts in {time.perf_counter() - start:.0f} s")
    with connection.cursor() as cursor:  # planner statistics, as a maintained database has them
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return model


def measure(mix, passes):
    from django.db import connection

    from search.backends import get_backend

    backend = get_backend()
    for _, text in mix:  # warm-up: caches as a running site would have them
        search_once(backend, text)
    by_kind = {}
    timings, cpu_timings = [], []
    for _ in range(passes):
        for kind, text in mix:
            elapsed, cpu = timed(search_once, backend, text)
            timings.append(elapsed)
            cpu_timings.append(cpu)
            by_kind.setdefault(kind, []).append((elapsed, text))
    overall = summary(timings)
    say(
        f"Search (count + first page), {len(mix)} queries x {passes} passes: "
        f"median {overall['median']:.1f} ms, p99 {overall['p99']:.1f} ms, max {overall['max']:.1f} ms"
    )
    if connection.vendor == "sqlite":
        cpu = summary(cpu_timings)
        say(f"  CPU time of the same: median {cpu['median']:.1f} ms, p99 {cpu['p99']:.1f} ms")
    for kind, samples in by_kind.items():
        stats = summary([elapsed for elapsed, _ in samples])
        slowest = max(samples)[1]
        say(
            f"  {kind:<20} median {stats['median']:6.1f} ms  p99 {stats['p99']:6.1f} ms"
            f"  slowest: {slowest[:40]!r}"
        )


def measure_pages(mix):
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        pages = [timed(client.get, "/search/", {"q": text})[0] for _, text in mix]
    page = summary(pages)
    say(
        f"Whole /search/ page through Django, one pass: "
        f"median {page['median']:.1f} ms, p99 {page['p99']:.1f} ms"
    )


def main():
    args = arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings_test")
    django.setup()
    from django.db import connection

    site_database = scratch_database(args.keep)
    try:
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        say(
            f"Engine: {connection.vendor} ({connection.settings_dict['NAME']}), "
            f"Python {platform.python_version()}, load average {load}"
        )
        mix = queries(fill(args.posts), args.queries)
        measure(mix, args.passes)
        measure_pages(mix)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(site_database, verbosity=0)


if __name__ == "__main__":
    main()
