"""A per-address limit on feedback, counted in Django's cache (shared when the cache is Redis)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_address(request):
    """The address the request came from. Behind a proxy, the header it sets (KB_CLIENT_IP_HEADER)
    gives it: the last address there is the one the proxy saw, the earlier ones the client may
    have made up."""
    header = settings.KB_CLIENT_IP_HEADER
    forwarded = request.META.get(header, "") if header else ""
    return forwarded.split(",")[-1].strip() or request.META.get("REMOTE_ADDR", "")


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
