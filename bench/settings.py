"""Benchmark settings: production's, plus the ceiling view. Never used to serve the site."""

from kb.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# The ceiling must measure Django alone, so the page cache does not even look it up.
PAGE_CACHE_EXCLUDE = PAGE_CACHE_EXCLUDE + URLPrefixes("bench_ceiling")  # noqa: F405
