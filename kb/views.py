from django.shortcuts import render
from django.urls import reverse

from .url_prefixes import URLPrefixes

# What crawlers are asked to leave alone: the editors' side, and search results (any text a reader
# types makes a new page of them).
NOT_FOR_CRAWLERS = URLPrefixes("admin", "editor", "search")


def robots_txt(request):
    context = {
        "sitemap_url": request.build_absolute_uri(reverse("sitemap")),
        "disallowed": list(NOT_FOR_CRAWLERS),
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
