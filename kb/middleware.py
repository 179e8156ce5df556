"""Site-wide request guards and the Content-Security-Policy switch for the admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed

from .url_prefixes import URLPrefixes

# Methods some view of this site may answer; anything else (PROPFIND, TRACE, made-up verbs) is refused.
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


# Search reads whatever a reader typed, strips NUL bytes itself and answers every text with results
# or its empty state, so its query string is let through.
FREE_TEXT_PATHS = URLPrefixes("search")


def refuse_hostile_requests(get_response):
    """Answer 405 to unknown methods and 400 to a NUL byte in the path or query string.

    A NUL byte can never be part of a valid address here, and PostgreSQL refuses it in any query,
    which would otherwise turn an admin search for "%00" into a server error.
    """

    def middleware(request):
        if request.method not in KNOWN_METHODS:
            return HttpResponseNotAllowed(sorted(KNOWN_METHODS - {"PUT", "PATCH", "DELETE"}))
        nul_in_query = "%00" in request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or (nul_in_query and not request.path.startswith(tuple(FREE_TEXT_PATHS))):
            return HttpResponseBadRequest("Bad request.", content_type="text/plain")
        return get_response(request)

    return middleware


class SiteCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, loosened a little (inline styles) on the admin's paths only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(tuple(settings.KB_CSP_ADMIN_PATHS)):
            parts.update = {**settings.KB_CSP_ADMIN_UPDATE, **(parts.update or {})}
        return parts
