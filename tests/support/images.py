"""Images made in memory, and uploads of them through the editor's endpoint."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="PNG", size=(20, 10), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png"):
    """Sends a file to the editor's upload endpoint as the Markdown editor's script does."""
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post("/editor/upload/", {"image": file}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")


def store_png(name, width, height):
    """A white PNG of the given size saved in media storage, as an upload would be; returns its URL."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return default_storage.url(default_storage.save(name, ContentFile(buffer.getvalue())))
