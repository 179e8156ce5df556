"""Whole pages for anonymous readers, served from the cache and stored after rendering.

Freshness is the content version's job (`pagecache.version`): a page is stored with the version it
was rendered under and served only while that is still the current one, and never kept past the
next scheduled change (`pagecache.expiry`).
"""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

from .expiry import lifetime
from .version import content_version, reading


def is_reader(request):
    """An anonymous reader: no session (staff are logged in) and no CSRF cookie (a form was used)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and settings.CSRF_COOKIE_NAME not in cookies


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


# Query parameters that only tell analytics where a click came from: a page is the same without them.
TRACKING_PARAMETERS = {"fbclid", "gclid", "msclkid", "dclid", "mc_cid", "mc_eid", "_ga", "ref"}


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def page_key(request):
    """The cache key of the page the request asks for, or None when it must not be cached.

    Only the query parameters pages read (`PAGE_CACHE_QUERY_PARAMETERS`) are part of the key, so
    nobody can fill the cache by inventing addresses: tracking parameters are dropped (the request
    is answered from the clean address's entry) and any other parameter bypasses the cache.
    """
    query = ""
    if request.META.get("QUERY_STRING"):
        kept = []
        for name, values in sorted(request.GET.lists()):
            if name in settings.PAGE_CACHE_QUERY_PARAMETERS:
                kept += [(name, value) for value in values]
            elif not is_tracking(name):
                return None
        query = urlencode(kept)
    # Scheme and host are part of the key: feeds and sitemaps print absolute addresses. Whether the
    # browser takes gzip is too: pages are stored as GZipMiddleware (inside this one) sent them, so
    # a hit costs no compression, and a browser that did not ask for gzip never gets it.
    gzip = " gzip" if accepts_gzip(request) else ""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}{gzip}"
    return "page:" + hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()


def is_storable(response):
    """A complete, successful, public response that sets no cookie."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serves anonymous readers' GET and HEAD requests from the cache and sets `Cache-Control`.

    It sits before the session and authentication middleware, so a warm page costs two cache
    reads. Staff (anyone with a session) always get a freshly rendered page, marked uncacheable.
    Pages are stored whole, headers included, so headers added by views or inner middleware
    (ETag, Last-Modified, security policies) are served from the cache too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies_to(request):
            return self.get_response(request)
        version = content_version()
        if not is_reader(request):
            return self.mark_private(self.respond(request, version))
        if not settings.PAGE_CACHE:
            return self.mark_public(self.respond(request, version))
        key = page_key(request)
        if key is None:
            return self.mark_public(self.respond(request, version))
        cache = caches["default"]
        entry = cache.get(key)
        if entry is not None and entry[0] == version:
            return self.conditional(request, entry[1])
        response = self.mark_public(self.respond(request, version))
        if request.method == "GET" and is_storable(response):
            seconds = lifetime(version)
            if seconds > 0:
                cache.set(key, (version, response), seconds)
        return response

    def respond(self, request, version):
        """The response from the view, with every cached piece of it read under `version`."""
        with reading(version):
            return self.get_response(request)

    @staticmethod
    def applies_to(request):
        if request.method not in ("GET", "HEAD"):
            return False
        return not request.path_info.startswith(tuple(settings.PAGE_CACHE_EXCLUDE))

    @staticmethod
    def mark_public(response):
        """Browsers may keep a public page briefly, then must ask again."""
        if response.status_code == 200 and not response.has_header("Cache-Control"):
            patch_cache_control(response, max_age=settings.PAGE_MAX_AGE, must_revalidate=True)
        return response

    @staticmethod
    def mark_private(response):
        """What staff see may be a preview or just saved: no browser or proxy keeps it."""
        if not response.has_header("Cache-Control") or "private" not in response["Cache-Control"]:
            add_never_cache_headers(response)
        return response

    @staticmethod
    def conditional(request, response):
        """A 304 when the reader already has this version of the page."""
        etag, last_modified = response.get("ETag"), response.get("Last-Modified")
        if etag is None and last_modified is None:
            return response
        last_modified = last_modified and parse_http_date_safe(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
