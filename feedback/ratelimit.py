"""A per-address limit on feedback, counted in Django's cache (shared when the cache is Redis)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_address(request):
    """The address the request came from. Behind a proxy this is the proxy's unless it rewrites it."""
    return request.META.get("REMOTE_ADDR", "")


def allow(request):
    """Count one submission from the request's address; False once the hour's allowance is spent."""
    key = f"feedback-rate:{client_address(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= settings.KB_FEEDBACK_PER_HOUR
