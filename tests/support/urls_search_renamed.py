"""The site's URL map with search moved from /search/ to /find/, for the URL-prefix tests."""

from django.urls import URLResolver, include, path

from kb.urls import handler404  # noqa: F401
from kb.urls import urlpatterns as site_patterns

urlpatterns = [
    path("find/", include("search.urls"))
    if isinstance(entry, URLResolver) and entry.namespace == "search"
    else entry
    for entry in site_patterns
]
