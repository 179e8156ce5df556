"""Serving uploaded images when no web server sits in front (in production, nginx serves /media/)."""

from django.conf import settings
from django.views.static import serve

# An uploaded file is only ever an image: it may not run scripts or be framed, whatever it claims.
MEDIA_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "public, max-age=31536000, immutable",
}


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    for header, value in MEDIA_SECURITY_HEADERS.items():
        response[header] = value
    return response
