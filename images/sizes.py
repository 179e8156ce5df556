"""Images in rendered posts: sizes so the text does not jump as they load, and lazy loading.

Runs on the sanitiser's output, where every attribute value is double-quoted. The width and height
of the site's own uploads are read from the stored file (Pillow reads only the header); images from
other sites keep whatever size the editor gave them.
"""

import itertools
import re
from html import unescape
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from PIL import Image

_IMG_TAG = re.compile(r'<img((?: [a-z-]+="[^"]*")*)>')
_SRC = re.compile(r' src="([^"]*)"')
_SIZED = re.compile(r" (?:width|height)=")


def stored_image_size(url):
    """(width, height) of an uploaded image the URL points to, or None."""
    if not url.startswith(settings.MEDIA_URL):
        return None
    name = unquote(url.removeprefix(settings.MEDIA_URL))
    try:
        with default_storage.open(name) as file, Image.open(file) as image:
            return image.size
    except (OSError, SuspiciousFileOperation, Image.DecompressionBombError, ValueError):
        return None


def complete_images(html):
    """Give uploaded images their width and height; every image after the first loads lazily.

    The first image may well be in view when the page opens, so it loads at once; later ones are
    likely below the fold, where loading them eagerly only delays what the reader sees.
    """
    position = itertools.count()

    def complete(match):
        attributes = match.group(1)
        src = _SRC.search(attributes)
        if src and not _SIZED.search(attributes):
            size = stored_image_size(unescape(src.group(1)))
            if size:
                attributes += f' width="{size[0]}" height="{size[1]}"'
        if next(position) > 0:
            attributes += ' loading="lazy"'
        return f"<img{attributes}>"

    return _IMG_TAG.sub(complete, html)
