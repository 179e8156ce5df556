"""The client's address, for login throttling and the feedback limit.

Behind KB_TRUSTED_PROXIES reverse proxies, each of which appends the address it saw to
X-Forwarded-For, the client is the entry the outermost proxy added: that many places from the end.
Entries further left came from the client and may be forged, so they are never used. With no
proxy configured the header is ignored altogether.
"""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request):
    proxies = settings.KB_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies and is_ip(forwarded[-proxies]):
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_ip(value):
    try:
        ip_address(value)
    except ValueError:
        return False
    return True
