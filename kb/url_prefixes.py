"""Path prefixes read from the URL map, so that renaming a path in urls.py is the only change needed.

Settings and guards that apply to a part of the site (the page cache's exclusions, the admin's
looser CSP, robots.txt, search's free-text query) name that part by its URL name, a namespace such
as "admin" or a route name such as "healthz", and get its path prefix from here.
"""

import functools

from django.conf import settings
from django.urls import URLResolver, get_resolver, get_urlconf


class URLPrefixes:
    """The path prefixes of the top-level URL entries called `names`, looked up in the URLconf in use
    when iterated (a test that swaps the URLconf gets that one's prefixes)."""

    def __init__(self, *names):
        self.names = names

    def __iter__(self):
        return iter(url_prefixes(get_urlconf() or settings.ROOT_URLCONF, self.names))

    def __add__(self, other):
        return URLPrefixes(*self.names, *other.names)

    def __repr__(self):
        return f"URLPrefixes{self.names!r}"


@functools.lru_cache(maxsize=64)
def url_prefixes(urlconf, names):
    """("/admin/", "/search/", …) for the top-level entries of `urlconf` called `names`."""
    found = {}
    for entry in get_resolver(urlconf).url_patterns:
        label = entry.namespace if isinstance(entry, URLResolver) else entry.name
        if label in names and label not in found:
            # Only the literal start of a route: "sitemap-<section>.xml" gives "/sitemap-".
            found[label] = "/" + str(entry.pattern).lstrip("^").split("<", 1)[0].split("(", 1)[0]
    # A URLconf without one of the parts (a test's small one) simply has nothing there to match.
    return tuple(found[name] for name in names if name in found)
