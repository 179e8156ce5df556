"""The page cache, and the content version that keeps it from ever serving an old page.

One rule decides freshness everywhere: whatever is cached (whole pages for anonymous readers, small
pieces such as the sidebar's data) is stored with the site-wide *content version* and kept no later
than the next scheduled publication. Any save or delete of a post, category or author replaces the
version, so everything cached before it stops matching at once, in every worker and on every machine
that shares the "shared" cache.
"""

import contextvars
import hashlib
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe

VERSION_KEY = "content-version"
MISSING = object()
# The version read when the request started: every piece of one page is cached under the same one,
# and the shared cache is asked once per request rather than once per piece.
_request_version = contextvars.ContextVar("content_version", default=None)


def content_version():
    """The current content version, created on first use (and after the shared cache lost it)."""
    version = _request_version.get()
    if version is not None:
        return version
    shared = caches["shared"]
    version = shared.get(VERSION_KEY)
    if version is None:
        # A new random token, so pages cached under any earlier version can never match it again.
        shared.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = shared.get(VERSION_KEY)
    return version


def bump_content_version():
    caches["shared"].set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def content_changed(**kwargs):
    """Signal receiver: the version changes now, and again once the change is committed.

    The second bump matters: a page rendered from the old rows between the save and the commit
    would otherwise be stored under the new version.
    """
    bump_content_version()
    transaction.on_commit(bump_content_version, using=kwargs.get("using"))


def next_publication(version):
    """When the next scheduled post goes public (a Unix time), or None; one indexed query per version."""
    from posts.models import Post

    cache = caches["default"]
    key = f"next-publication:{version}"
    when = cache.get(key, MISSING)
    if when is MISSING:
        upcoming = Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
        first = upcoming.first()
        when = first.timestamp() if first else None
        cache.set(key, when, _seconds_until(when))
    return when


def _seconds_until(when):
    if when is None:
        return settings.PAGE_CACHE_SECONDS
    return min(settings.PAGE_CACHE_SECONDS, when - time.time())


def lifetime(version):
    """How long something rendered now may be kept: never past the next scheduled publication."""
    return _seconds_until(next_publication(version))


def remember(name, compute):
    """`compute()`'s value, cached under the content version by the same rules as pages."""
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


def is_reader(request):
    """An anonymous reader: no session (staff are logged in) and no CSRF cookie (a form was used)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and settings.CSRF_COOKIE_NAME not in cookies


def accepts_gzip(request):
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def page_key(request):
    # Scheme and host are part of the key: feeds and sitemaps print absolute addresses. Whether the
    # browser takes gzip is too: pages are stored as GZipMiddleware (inside this one) sent them, so
    # a hit costs no compression, and a browser that did not ask for gzip never gets it.
    url = request.build_absolute_uri() + (" gzip" if accepts_gzip(request) else "")
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
            return self.mark_private(self.render(request, version))
        if not settings.PAGE_CACHE:
            return self.mark_public(self.render(request, version))
        cache = caches["default"]
        key = page_key(request)
        entry = cache.get(key)
        if entry is not None and entry[0] == version:
            return self.conditional(request, entry[1])
        response = self.mark_public(self.render(request, version))
        if request.method == "GET" and is_storable(response):
            seconds = lifetime(version)
            if seconds > 0:
                cache.set(key, (version, response), seconds)
        return response

    def render(self, request, version):
        """The response from the view, with every cached piece of it read under `version`."""
        token = _request_version.set(version)
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(token)

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
