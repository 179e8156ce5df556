"""How long anything rendered now may be kept: `PAGE_CACHE_SECONDS` at most, and never past the
next moment content changes by itself (a post scheduled for later goes public).

The page cache cannot know what "scheduled" means; the app that does registers a function that
answers the next such moment (`register_next_change`), asked once per content version.
"""

import time

from django.conf import settings
from django.core.cache import caches

MISSING = object()
_next_change_sources = []


def register_next_change(source):
    """`source()` returns the next time (an aware datetime) content changes without a save, or None."""
    if source not in _next_change_sources:
        _next_change_sources.append(source)


def next_change(version):
    """The next scheduled change as a Unix time, or None; computed once per content version."""
    cache = caches["default"]
    key = f"next-change:{version}"
    when = cache.get(key, MISSING)
    if when is MISSING:
        moments = [moment for moment in (source() for source in _next_change_sources) if moment]
        when = min(moments).timestamp() if moments else None
        cache.set(key, when, _seconds_until(when))
    return when


def _seconds_until(when):
    if when is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, when - time.time())


def lifetime(version):
    """Seconds something rendered under `version` may be kept (0 or less: don't keep it)."""
    return _seconds_until(next_change(version))
