"""Search latency at scale, on the engine DATABASE_URL selects (`make bench-search`).

Works in a scratch database of its own (the test database name, with a `_bench_search` suffix),
never in the site's: fills it with generated posts, runs a fixed mix of queries, and prints the
median and 99th percentile of their latencies.
"""

import os
import platform
import random
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from posts.models import Post
from search import benchmark
from search.backends import get_backend
from search.query import parse

RESULTS_PER_PAGE = 10


def search_once(backend, text):
    """What the results page asks of the database: the count and the first page of hits."""
    query = parse(text)
    if query:
        results = backend.search(query)
        results.count()
        results[0:RESULTS_PER_PAGE]


class Command(BaseCommand):
    help = "Benchmark search on a scratch database filled with generated posts."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--passes", type=int, default=3, help="Timed passes over the queries.")
        parser.add_argument(
            "--keep", action="store_true", help="Keep the scratch database and reuse it next time."
        )

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if connection.vendor == "sqlite":
            scratch = str(Path(tempfile.gettempdir()) / f"{Path(database['NAME']).stem}_bench_search.sqlite3")
        else:
            scratch = f"{database['NAME']}_bench_search"
        database.setdefault("TEST", {})["NAME"] = scratch
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=options["keep"])
        try:
            self.run(options)
        finally:
            if not options["keep"]:
                connection.creation.destroy_test_db(old_name, verbosity=0)

    def run(self, options):
        count = options["posts"]
        vendor = connection.vendor
        load = " ".join(f"{value:.1f}" for value in os.getloadavg())
        self.stdout.write(
            f"Engine: {vendor} ({connection.settings_dict['NAME']}), Python {platform.python_version()}, "
            f"load average {load}"
        )
        if Post.objects.count() != count:
            Post.objects.all().delete()
            start = time.perf_counter()
            model = benchmark.generate(count)
            self.stdout.write(f"Generated and indexed {count:,} posts in {time.perf_counter() - start:.0f} s")
        else:
            model = benchmark.TextModel(random.Random(4))
            self.stdout.write(f"Reusing {count:,} generated posts")
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        elif vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        model.rng = random.Random(42)
        mix = benchmark.queries(model, options["queries"])
        self.measure(mix, options["passes"])

    def measure(self, mix, passes):
        backend = get_backend()
        for _, text in mix:  # warm-up: caches as a running site would have them
            search_once(backend, text)
        by_kind = {}
        timings, cpu_timings = [], []
        for _ in range(passes):
            for kind, text in mix:
                elapsed, cpu = benchmark.timed_with_cpu(search_once, backend, text)
                timings.append(elapsed)
                cpu_timings.append(cpu)
                by_kind.setdefault(kind, []).append((elapsed, text))
        overall = benchmark.summary(timings)
        self.stdout.write(
            f"Search (count + first page), {len(mix)} queries x {passes} passes: "
            f"median {overall['median']:.1f} ms, p99 {overall['p99']:.1f} ms, max {overall['max']:.1f} ms"
        )
        if connection.vendor == "sqlite":
            cpu = benchmark.summary(cpu_timings)
            self.stdout.write(
                f"  CPU time of the same: median {cpu['median']:.1f} ms, p99 {cpu['p99']:.1f} ms"
            )
        for kind, samples in by_kind.items():
            stats = benchmark.summary([elapsed for elapsed, _ in samples])
            slowest = max(samples)[1]
            self.stdout.write(
                f"  {kind:<20} median {stats['median']:6.1f} ms  p99 {stats['p99']:6.1f} ms"
                f"  slowest: {slowest[:40]!r}"
            )
        client = Client()
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            pages = [benchmark.timed(client.get, "/search/", {"q": text}) for _, text in mix]
        page = benchmark.summary(pages)
        self.stdout.write(
            f"Whole /search/ page through Django, one pass: median {page['median']:.1f} ms, "
            f"p99 {page['p99']:.1f} ms"
        )
