"""RSS and Atom feeds parse cleanly in feedparser, as feed readers see them, and carry the right posts."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from posts.feeds import FEED_LENGTH
from posts.models import Post
from tests.support.factories import make_author, make_category, make_post

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
FEEDS = ["/feed/", "/feed/atom/"]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def posts():
    category = make_category(name="Management", slug="management")
    other = make_category(name="Process", slug="process")
    author = make_author(name="hemanta", slug="hemanta")
    now = timezone.now()
    return {
        "newest": make_post(
            title="Newest",
            slug="newest",
            category=category,
            author=author,
            body="Some **bold** text.\n\n<script>alert(1)</script>",
            published_at=now - timedelta(hours=1),
        ),
        "older": make_post(
            title="Older", slug="older", category=other, author=author, published_at=now - timedelta(days=2)
        ),
        "draft": make_post(title="Draft", category=category, status=Post.Status.DRAFT),
        "scheduled": make_post(title="Scheduled", category=category, published_at=now + timedelta(days=1)),
    }


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_has_the_published_posts_newest_first(client, posts, url):
    _, feed = read(client, url)
    assert [entry.title for entry in feed.entries] == ["Newest", "Older"]


@pytest.mark.parametrize(("url", "version"), [("/feed/", "rss20"), ("/feed/atom/", "atom10")])
def test_feed_formats(client, posts, url, version):
    response, feed = read(client, url)
    assert feed.version == version
    assert response["Content-Type"].startswith(
        "application/rss+xml" if version == "rss20" else "application/atom+xml"
    )
    assert feed.feed.title == "Knowledge Base"
    assert feed.feed.link == f"{ORIGIN}/"


@pytest.mark.parametrize("url", FEEDS)
def test_entries_carry_link_author_category_dates_and_the_sanitised_body(client, posts, url):
    _, feed = read(client, url)
    entry = feed.entries[0]
    newest = posts["newest"]
    assert entry.link == f"{ORIGIN}/posts/newest/"
    assert entry.author == "hemanta"
    assert [tag.term for tag in entry.tags] == ["Management"]
    assert entry.published_parsed[:6] == newest.published_at.utctimetuple()[:6]
    body = entry.content[0].value if "content" in entry else entry.summary
    assert "<strong>bold</strong>" in body
    # A tag typed in the body is shown as typed, never as markup a reader's client would run.
    assert "<script" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_atom_entries_have_their_update_date(client, posts):
    _, feed = read(client, "/feed/atom/")
    assert feed.entries[0].updated_parsed[:6] == posts["newest"].updated_at.utctimetuple()[:6]


@pytest.mark.parametrize("url", ["/category/management/feed/", "/category/management/feed/atom/"])
def test_category_feed_has_only_that_categorys_published_posts(client, posts, url):
    _, feed = read(client, url)
    assert [entry.title for entry in feed.entries] == ["Newest"]
    assert feed.feed.title == "Management · Knowledge Base"
    assert feed.feed.link == f"{ORIGIN}/category/management/"


@pytest.mark.parametrize("url", ["/category/nope/feed/", "/category/nope/feed/atom/"])
def test_feed_of_an_unknown_category_is_404(client, url):
    assert client.get(url).status_code == 404


def test_feed_is_limited_to_the_newest_posts(client):
    category = make_category()
    now = timezone.now()
    for n in range(FEED_LENGTH + 3):
        make_post(title=f"Post {n}", category=category, published_at=now - timedelta(hours=n + 1))
    _, feed = read(client, "/feed/")
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title == "Post 0"


def test_empty_site_has_valid_empty_feeds(client):
    for url in FEEDS:
        _, feed = read(client, url)
        assert feed.entries == []


def test_atom_entries_have_the_excerpt_as_summary_and_the_whole_body_as_content(client, posts):
    _, feed = read(client, "/feed/atom/")
    entry = feed.entries[0]
    # The summary is HTML showing the plain-text excerpt.
    assert html.unescape(entry.summary) == posts["newest"].summary
    assert entry.content[0].type == "text/html"
    assert "<strong>bold</strong>" in entry.content[0].value


def test_atom_summary_shows_a_typed_tag_as_text(client, posts):
    posts["newest"].excerpt = "Wrap it in <script>alert(1)</script> & go."
    posts["newest"].save()
    response = client.get("/feed/atom/")
    # Escaped once as HTML (the summary's type) and once more as XML.
    summary = b"Wrap it in &amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; &amp;amp; go."
    assert b'<summary type="html">' + summary + b"</summary>" in response.content


def test_rss_items_carry_the_whole_body(client, posts):
    _, feed = read(client, "/feed/")
    assert "<strong>bold</strong>" in feed.entries[0].description
