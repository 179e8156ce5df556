"""The sitemap lists exactly what the public sees; robots.txt names it and keeps crawlers out of the rest."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.robotparser import RobotFileParser

import pytest
from django.utils import timezone

from posts.models import Post
from posts.sitemaps import SectionSitemap
from tests.support.factories import make_author, make_category, make_post

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def urlset(client, url="/sitemap.xml"):
    root = parse(client.get(url))
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:url", NS)
    }


@pytest.fixture
def content():
    """Published posts in two categories by one author, plus hidden posts elsewhere."""
    shown = make_category(slug="shown")
    also = make_category(slug="also-shown")
    empty = make_category(slug="no-public-posts")
    writer = make_author(slug="writer")
    silent = make_author(slug="silent")
    now = timezone.now()
    return {
        "public": [
            make_post(slug="first", category=shown, author=writer),
            make_post(slug="second", category=also, author=writer),
        ],
        "hidden": [
            make_post(slug="a-draft", category=empty, author=silent, status=Post.Status.DRAFT),
            make_post(slug="scheduled", category=empty, author=silent, published_at=now + timedelta(days=1)),
        ],
    }


def test_sitemap_lists_exactly_the_public_pages(client, content):
    assert set(urlset(client)) == {
        f"{ORIGIN}/",
        f"{ORIGIN}/posts/first/",
        f"{ORIGIN}/posts/second/",
        f"{ORIGIN}/category/shown/",
        f"{ORIGIN}/category/also-shown/",
        f"{ORIGIN}/author/writer/",
    }


def test_sitemap_lastmod_is_when_the_content_last_changed(client, content):
    first, second = content["public"]
    Post.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(days=3))
    first.refresh_from_db()
    entries = urlset(client)
    assert entries[f"{ORIGIN}/posts/first/"] == first.updated_at.date().isoformat()
    assert entries[f"{ORIGIN}/category/shown/"] == first.updated_at.date().isoformat()
    newest = max(first.updated_at, second.updated_at).date().isoformat()
    assert entries[f"{ORIGIN}/"] == newest
    assert entries[f"{ORIGIN}/author/writer/"] == newest


def test_a_post_leaves_the_sitemap_when_moved_back_to_draft(client, content):
    first = content["public"][0]
    first.status = Post.Status.DRAFT
    first.save()
    entries = urlset(client)
    assert f"{ORIGIN}/posts/first/" not in entries
    assert f"{ORIGIN}/category/shown/" not in entries


def test_sitemap_of_an_empty_site_lists_the_home_page(client):
    assert set(urlset(client)) == {f"{ORIGIN}/"}


def test_sitemap_becomes_an_index_of_sections_past_the_limit(client, content, monkeypatch):
    for n in range(3):
        make_post(
            slug=f"more-{n}", category=content["public"][0].category, author=content["public"][0].author
        )
    monkeypatch.setattr(SectionSitemap, "limit", 2)
    root = parse(client.get("/sitemap.xml"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [entry.findtext("sm:loc", namespaces=NS) for entry in root.findall("sm:sitemap", NS)]
    assert locations == [
        f"{ORIGIN}/sitemap-pages.xml",
        f"{ORIGIN}/sitemap-posts.xml",
        f"{ORIGIN}/sitemap-posts.xml?p=2",
        f"{ORIGIN}/sitemap-posts.xml?p=3",
        f"{ORIGIN}/sitemap-categories.xml",
        f"{ORIGIN}/sitemap-authors.xml",
    ]
    listed = set()
    for location in locations:
        page = urlset(client, location.removeprefix(ORIGIN))
        assert 1 <= len(page) <= 2
        listed |= set(page)
    assert {f"{ORIGIN}/posts/{slug}/" for slug in ["first", "second", "more-0", "more-1", "more-2"]} <= listed
    assert f"{ORIGIN}/posts/a-draft/" not in listed


def test_sitemap_stays_one_file_at_the_limit(client, content, monkeypatch):
    monkeypatch.setattr(SectionSitemap, "limit", 6)  # home, 2 posts, 2 categories, 1 author
    assert len(urlset(client)) == 6


@pytest.mark.parametrize("url", ["/sitemap-nothing.xml", "/sitemap-posts.xml?p=9", "/sitemap-posts.xml?p=x"])
def test_unknown_sitemap_sections_and_pages_are_404(client, content, url):
    assert client.get(url).status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    assert {"/admin/", "/editor/", "/search/"} <= disallowed
    assert "/" not in disallowed


def test_robots_txt_allows_every_page_the_sitemap_lists(client, content):
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").content.decode().splitlines())
    for url in urlset(client):
        assert robots.can_fetch("Googlebot", url), url
    assert not robots.can_fetch("Googlebot", f"{ORIGIN}/admin/posts/post/")
    assert not robots.can_fetch("Googlebot", f"{ORIGIN}/search/?q=scope")
