"""Pieces of pages (a menu, a sidebar, a count) cached by the same freshness rules as whole pages."""

from django.core.cache import caches

from .expiry import MISSING, lifetime
from .version import content_version


def remember(name, compute):
    """`compute()`'s value, kept under the content version for as long as a page would be."""
    cache = caches["default"]
    version = content_version()
    key = f"fragment:{name}:{version}"
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        seconds = lifetime(version)
        if seconds > 0:
            cache.set(key, value, seconds)
    return value
