"""`/healthz`: whether this instance can serve, for load balancers and monitoring."""

import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def database_problem():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"database unavailable ({type(error).__name__})"
    return None


def cache_problem():
    """Only a configured cache server can fail; the local defaults always answer."""
    if not settings.REDIS_URL:
        return None
    probe = uuid.uuid4().hex
    try:
        cache = caches["shared"]
        cache.set("healthz", probe, timeout=10)
        if cache.get("healthz") != probe:
            return "cache does not keep values"
    except Exception as error:  # any failure of the client means the cache is down
        return f"cache unavailable ({type(error).__name__})"
    return None


@never_cache
def healthz(request):
    problems = [problem for problem in (database_problem(), cache_problem()) if problem]
    if problems:
        return HttpResponse("; ".join(problems) + "\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
