"""Images uploaded from the editor: checked with Pillow, re-encoded, and named by the server.

Nothing an editor uploads is served as it arrived: the bytes are decoded and written afresh, so a
file that only pretends to be an image (an SVG, HTML or a script renamed .png, a polyglot) is
refused or loses whatever rode along.
"""

import io
import re
import uuid
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

# Pillow format name -> file extension of what is stored.
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Markup or script inside an image file (in a comment, a metadata chunk, or after the image's end)
# makes it a polyglot: a file that is also a web page or script to some program. Real photos and
# drawings never carry these, so such a file is refused rather than quietly cleaned. Each marker is at
# least five bytes long, so random compressed pixel data almost never contains one by chance.
POLYGLOT_MARKERS = re.compile(
    rb"<(?:script|html|body|head|svg[\s/>]|iframe|object|embed|meta|style|\?php|!doctype)|javascript:",
    re.IGNORECASE,
)
# An animation's frames are decoded one after another: all of them together may hold this many
# times the single-image pixel limit.
ANIMATION_PIXEL_FACTOR = 4


class ImageUploadForm(forms.Form):
    image = forms.FileField(
        error_messages={"required": "Choose an image to upload.", "empty": "The file is empty."}
    )

    def clean_image(self):
        upload = self.cleaned_data["image"]
        limit = settings.KB_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The image is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
            )
        self.encoded, self.extension = reencode(upload)
        refuse_polyglots(upload)
        return upload

    def save(self):
        """Store the re-encoded image under a random name and return its URL."""
        folder = timezone.now().strftime("uploads/%Y/%m")
        name = default_storage.save(
            f"{folder}/{uuid.uuid4().hex}.{self.extension}", ContentFile(self.encoded)
        )
        return default_storage.url(name)

    def alt_text(self):
        """A starting point for the alt text, from the file name; the editor should refine it."""
        stem = PurePath(self.cleaned_data["image"].name).stem
        words = "".join(ch if ch.isalnum() else " " for ch in stem).split()
        return " ".join(words)[:100] or "Image"


def refuse_polyglots(upload):
    upload.seek(0)
    if POLYGLOT_MARKERS.search(upload.read()):
        raise forms.ValidationError(
            "This image also contains web-page or script code (a polyglot file), so it is refused. "
            "Export it again from an image editor and upload that.",
            code="polyglot",
        )


def refuse_too_many_pixels(image):
    """Refuse, from the header alone, an image (or animation) that would decode to too many pixels."""
    limit = settings.KB_UPLOAD_MAX_PIXELS
    if image.width * image.height > limit:
        raise forms.ValidationError(
            f"The image is {image.width}×{image.height} pixels; "
            f"the limit is {limit / 1_000_000:g} million pixels.",
            code="too_many_pixels",
        )
    frames = getattr(image, "n_frames", 1)
    if frames * image.width * image.height > limit * ANIMATION_PIXEL_FACTOR:
        raise forms.ValidationError(
            f"The animation has {frames} frames of {image.width}×{image.height} pixels; together they "
            f"may hold at most {limit * ANIMATION_PIXEL_FACTOR / 1_000_000:g} million pixels.",
            code="too_many_pixels",
        )


def reencode(upload):
    """Decode the upload fully and write it again in its own format; refuse what isn't an image."""
    refusal = forms.ValidationError("This file is not a JPEG, PNG, GIF or WebP image.", code="not_an_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            image = Image.open(upload)
            if image.format not in ALLOWED_FORMATS:
                raise refusal
            refuse_too_many_pixels(image)
            image.verify()
            upload.seek(0)
            image = Image.open(upload)
            image.load()
            image_format = image.format
            output = io.BytesIO()
            save_options = {"format": image_format}
            if image_format == "GIF" and getattr(image, "is_animated", False):
                save_options["save_all"] = True
            if image_format == "JPEG":
                save_options["quality"] = 90
            image.save(output, **save_options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise forms.ValidationError(
            "The image's dimensions are too large to process.", code="too_many_pixels"
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise refusal from exc
    return output.getvalue(), ALLOWED_FORMATS[image_format]
