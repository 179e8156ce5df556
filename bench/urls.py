"""The site's URLs plus `/bench/ceiling/`: a constant response as cheap as Django can serve."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import include, path

# The very bytes of the benchmarked post page, so the ceiling sends as much as the pages do.
CEILING_FILE = Path(os.environ.get("BENCH_CEILING_FILE", "/nonexistent"))
CEILING_BODY = CEILING_FILE.read_bytes() if CEILING_FILE.is_file() else b"<!DOCTYPE html><p>ceiling</p>" * 900


def ceiling(request):
    return HttpResponse(CEILING_BODY)


urlpatterns = [
    path("bench/ceiling/", ceiling, name="bench_ceiling"),
    path("", include("kb.urls")),
]
