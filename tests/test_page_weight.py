"""A post page is light: no JavaScript, and at most 30 KB of HTML and CSS once compressed.

The HTML is measured as the site sends it to a browser that accepts gzip (Django's GZipMiddleware),
the stylesheets as WhiteNoise pre-compresses them (gzip at level 9).
"""

import gzip
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command

from posts.models import Post

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 30 * 1024
# Script elements that carry data for machines (JSON-LD), not code to run.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}


class PageResources(HTMLParser):
    """Collects the stylesheets a page links to, its executable scripts and inline event handlers."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.scripts, self.handlers = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            self.stylesheets.append(attrs["href"])
        if tag == "script" and (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.scripts.append(attrs.get("src") or "inline script")
        self.handlers += [f"{tag} {name}" for name in attrs if name.startswith("on")]


def compressed_size(content):
    return len(gzip.compress(content, compresslevel=9))


def get_gzipped(client, url):
    response = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    return response.content


def stylesheet_bytes(href):
    assert href.startswith(settings.STATIC_URL), f"{href} is not one of the site's own stylesheets"
    path = finders.find(href.removeprefix(settings.STATIC_URL))
    assert path, f"{href} does not exist"
    with open(path, "rb") as file:
        return file.read()


def demo_posts():
    call_command("loaddemo", stdout=StringIO())
    return list(Post.objects.published())


def test_demo_post_pages_need_no_javascript(client):
    for post in demo_posts():
        page = PageResources()
        page.feed(client.get(post.get_absolute_url()).content.decode())
        assert page.scripts == [], f"{post.slug} loads JavaScript: {page.scripts}"
        assert page.handlers == [], f"{post.slug} has inline event handlers: {page.handlers}"


def test_demo_post_pages_weigh_at_most_30_kb_of_html_and_css_compressed(client):
    for post in demo_posts():
        html = get_gzipped(client, post.get_absolute_url())
        page = PageResources()
        page.feed(gzip.decompress(html).decode())
        assert page.stylesheets, "the page should be styled"
        # Each file travels, and is compressed, on its own.
        weight = len(html) + sum(compressed_size(stylesheet_bytes(h)) for h in page.stylesheets)
        assert weight <= BUDGET_BYTES, f"{post.slug} weighs {weight} bytes compressed, over {BUDGET_BYTES}"
