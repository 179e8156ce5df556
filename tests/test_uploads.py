"""Upload refusals beyond the basics in test_admin: polyglots, decompression bombs, animations."""

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from tests.support.images import image_bytes, upload

pytestmark = pytest.mark.django_db

POLYGLOT = "polyglot file"


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def grey_png(width, height, rows=None):
    """A valid greyscale PNG of zeros: tiny on disk, `width`×`height` pixels once decoded."""
    raw = b"\x00" * ((width + 1) * (rows if rows is not None else height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + png_chunk(b"IDAT", zlib.compress(raw, 9))
        + png_chunk(b"IEND", b"")
    )


def animation(frame_count):
    """A GIF of distinct 20×20 frames (identical frames would be merged)."""
    frames = [Image.new("RGB", (20, 20), (n * 20, 255 - n * 20, 0)) for n in range(frame_count)]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def png_with_text(text):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    return image_bytes("PNG", pnginfo=info)


@pytest.mark.parametrize(
    "name,content",
    [
        ("trailer.png", image_bytes("PNG") + b"<script>alert(document.cookie)</script>"),
        ("comment.jpg", image_bytes("JPEG", comment=b"<html><body onload=alert(1)>")),
        ("comment.gif", image_bytes("GIF", comment=b'<svg onload="alert(1)">')),
        ("text-chunk.png", png_with_text("<?php system($_GET['c']); ?>")),
        ("link.png", png_with_text("javascript:alert(1)")),
        ("page.webp", image_bytes("WEBP") + b"<!DOCTYPE html><iframe src=//evil>"),
    ],
)
def test_polyglot_images_are_refused(staff_client, name, content):
    Image.open(io.BytesIO(content)).verify()  # each one really is a valid image too
    response = upload(staff_client, name, content)
    assert response.status_code == 400
    assert POLYGLOT in response.json()["error"]


@pytest.mark.parametrize(
    "name,content",
    [
        ("script.png", b"#!/bin/sh\nrm -rf /\n"),
        ("script.gif", b"GIF89a=1;alert(document.domain)//"),
        ("page.png", b"\xef\xbb\xbf<!DOCTYPE html><html><script>alert(1)</script>"),
        ("drawing.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("app.jpg", b"MZ\x90\x00" + b"\x00" * 100),
    ],
)
def test_scripts_and_pages_renamed_as_images_are_refused(staff_client, name, content):
    response = upload(staff_client, name, content)
    assert response.status_code == 400
    assert "not a JPEG, PNG, GIF or WebP image" in response.json()["error"]


def test_bytes_riding_after_an_image_are_not_served(staff_client, settings):
    payload = b"PK\x03\x04 a zip archive hiding after the image"
    response = upload(staff_client, "carrier.png", image_bytes("PNG") + payload)
    assert response.status_code == 200
    url = response.json()["image_code"].split("](")[1].rstrip(")")
    stored = (settings.MEDIA_ROOT / url.removeprefix("/media/")).read_bytes()
    assert payload not in stored and stored.endswith(png_chunk(b"IEND", b""))


def test_a_small_file_that_decodes_to_too_many_pixels_is_refused(staff_client):
    bomb = grey_png(6000, 5000)  # 30 million pixels
    assert len(bomb) < 100_000
    response = upload(staff_client, "bomb.png", bomb)
    assert response.status_code == 400
    assert response.json()["error"] == "The image is 6000×5000 pixels; the limit is 25 million pixels."


def test_a_header_claiming_billions_of_pixels_is_refused_without_decoding(staff_client):
    bomb = grey_png(60_000, 60_000, rows=1)
    response = upload(staff_client, "huge.png", bomb)
    assert response.status_code == 400
    assert response.json()["error"] == "The image's dimensions are too large to process."


def test_an_animation_whose_frames_add_up_to_too_many_pixels_is_refused(staff_client, settings):
    settings.KB_UPLOAD_MAX_PIXELS = 1000
    response = upload(staff_client, "animation.gif", animation(12))  # 12 × 400 = 4,800 pixels
    assert response.status_code == 400
    assert "The animation has 12 frames of 20×20 pixels" in response.json()["error"]


def test_a_short_animation_within_the_limit_is_accepted(staff_client):
    assert upload(staff_client, "animation.gif", animation(3)).status_code == 200
