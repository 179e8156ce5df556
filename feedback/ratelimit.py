"""A per-address limit on feedback, counted in Django's cache (shared when the cache is Redis)."""

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

WINDOW_SECONDS = 60 * 60


def allow(request):
    """Count one submission from the request's address; False once the hour's allowance is spent."""
    client_ip = import_string(settings.KB_CLIENT_IP_CALLABLE)
    key = f"feedback-rate:{client_ip(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= settings.KB_FEEDBACK_PER_HOUR
