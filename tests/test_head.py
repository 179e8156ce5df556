"""Every page's head: unique title, description, absolute canonical URL, Open Graph, Twitter, feeds."""

from datetime import timedelta

import pytest
from django.template import engines
from django.utils import timezone

from posts import seo
from posts.models import Post
from tests.support.factories import make_author, make_category, make_post
from tests.support.head import head_of, parse_head

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture
def article():
    category = make_category(name="Management", slug="management", description="How projects are run.")
    author = make_author(name="hemanta", slug="hemanta", job_title="WordPress Developer", bio="Builds sites.")
    return make_post(
        title="Project or service management?",
        slug="project-or-service",
        category=category,
        author=author,
        excerpt="The short answer: projects end, services go on.",
        body="## Project management\n\nText.\n",
    )


def fill(category, count=12):
    now = timezone.now()
    for day in range(count):
        make_post(category=category, published_at=now - timedelta(days=day + 2))


def test_post_head_has_title_description_canonical_and_social_tags(client, article):
    head = head_of(client, article.get_absolute_url())
    assert head.title == "Project or service management? · Knowledge Base"
    assert head.meta["description"] == "The short answer: projects end, services go on."
    assert head.canonical == f"{ORIGIN}/posts/project-or-service/"
    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == "Project or service management?"
    assert head.meta["og:url"] == head.canonical
    assert head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:site_name"] == "Knowledge Base"
    assert head.meta["article:section"] == "Management"
    assert head.meta["article:author"] == f"{ORIGIN}/author/hemanta/"
    assert head.meta["article:published_time"] == article.published_at.isoformat()
    assert head.meta["twitter:card"] == "summary"
    assert head.meta["twitter:title"] == "Project or service management?"
    assert "robots" not in head.meta


def test_long_excerpts_are_cut_to_a_search_snippet(client):
    post = make_post(excerpt="word " * 100)
    description = head_of(client, post.get_absolute_url()).meta["description"]
    assert len(description) <= 160
    assert description.endswith("…")


def test_canonical_drops_query_strings_but_keeps_the_page_number(client, article):
    fill(article.category)
    url = article.category.get_absolute_url()
    assert head_of(client, url, utm_source="x").canonical == f"{ORIGIN}{url}"
    assert head_of(client, url, page=1, ref="y").canonical == f"{ORIGIN}{url}"
    assert head_of(client, url, page=2, utm_source="x").canonical == f"{ORIGIN}{url}?page=2"
    assert head_of(client, url, page="last").canonical == f"{ORIGIN}{url}?page=2"
    assert (
        head_of(client, article.get_absolute_url(), page=3).canonical
        == f"{ORIGIN}{article.get_absolute_url()}"
    )
    assert head_of(client, "/", fbclid="z").canonical == f"{ORIGIN}/"


def test_canonical_uses_https_behind_a_proxy_that_says_so(client, article, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["kb.example.com"]
    headers = {"x-forwarded-proto": "https", "host": "kb.example.com"}
    response = client.get(article.get_absolute_url(), headers=headers)
    assert (
        parse_head(response.content.decode()).canonical == "https://kb.example.com/posts/project-or-service/"
    )


def test_a_host_outside_allowed_hosts_is_refused_not_echoed_into_urls(client, article):
    response = client.get(article.get_absolute_url(), headers={"host": "evil.example"})
    assert response.status_code == 400


def test_titles_are_unique_across_pages_and_page_numbers(client, article):
    fill(article.category)
    titles = [
        head_of(client, url, **params).title
        for url, params in [
            ("/", {}),
            ("/", {"page": 2}),
            (article.get_absolute_url(), {}),
            ("/category/management/", {}),
            ("/category/management/", {"page": 2}),
            ("/author/hemanta/", {}),
        ]
    ]
    assert len(set(titles)) == len(titles)
    assert "Management · page 2 · Knowledge Base" in titles
    assert "Page 2 · Knowledge Base" in titles


def test_list_pages_describe_themselves(client, article):
    category = head_of(client, "/category/management/")
    assert category.meta["description"] == "How projects are run."
    assert category.meta["og:type"] == "website"
    author = head_of(client, "/author/hemanta/")
    assert author.meta["description"] == "Builds sites."
    assert author.meta["og:type"] == "profile"
    home = head_of(client, "/")
    assert home.title == "Knowledge Base"
    assert home.meta["description"].startswith("Straight answers")


def feed_links(head):
    return {(link["type"], link["href"]) for link in head.link("alternate")}


SITE_FEEDS = {
    ("application/rss+xml", f"{ORIGIN}/feed/"),
    ("application/atom+xml", f"{ORIGIN}/feed/atom/"),
}


def test_every_page_head_links_the_site_feeds(client, article):
    for url in ["/", article.get_absolute_url(), "/category/management/", "/author/hemanta/"]:
        assert SITE_FEEDS <= feed_links(head_of(client, url)), url
    not_found = parse_head(client.get("/posts/nothing-here/").content.decode())
    assert SITE_FEEDS <= feed_links(not_found)


def test_category_and_post_pages_also_link_the_category_feeds(client, article):
    category_feeds = {
        ("application/rss+xml", f"{ORIGIN}/category/management/feed/"),
        ("application/atom+xml", f"{ORIGIN}/category/management/feed/atom/"),
    }
    assert category_feeds <= feed_links(head_of(client, "/category/management/"))
    assert category_feeds <= feed_links(head_of(client, article.get_absolute_url()))
    for link in head_of(client, "/category/management/").link("alternate"):
        assert link["title"]


def test_error_pages_have_no_canonical_and_are_not_indexed(client, article):
    response = client.get("/posts/nothing-here/")
    head = parse_head(response.content.decode())
    assert response.status_code == 404
    assert head.title == "Page not found · Knowledge Base"
    assert head.link("canonical") == []
    assert head.meta["robots"] == "noindex"


def test_staff_previews_of_drafts_are_marked_noindex(staff_client):
    draft = make_post(status=Post.Status.DRAFT)
    head = parse_head(staff_client.get(draft.get_absolute_url()).content.decode())
    assert head.meta["robots"] == "noindex"
    assert "article:published_time" not in head.meta


def test_page_text_in_the_head_is_escaped(client):
    post = make_post(title='Quotes " and <tags> & more', excerpt='An "excerpt" with <b>markup</b>')
    html = client.get(post.get_absolute_url()).content.decode()
    head = parse_head(html)
    assert head.meta["og:title"] == 'Quotes " and <tags> & more'
    assert head.meta["description"] == 'An "excerpt" with <b>markup</b>'
    assert "<tags>" not in html


def test_a_page_without_a_head_of_its_own_gets_the_sites_defaults(rf):
    html = engines["django"].from_string('{% extends "base.html" %}').render({}, rf.get("/somewhere/"))
    head = parse_head(html)
    assert head.title == "Knowledge Base"
    assert head.meta["description"].startswith("Straight answers")
    assert SITE_FEEDS <= feed_links(head)
    assert head.link("canonical") == []


def test_plain_pages_get_a_unique_title_canonical_and_robots_from_page_meta(rf):
    head = seo.page_meta(rf.get("/search/?q=x"), "Search results", path="/search/", robots="noindex")
    assert head.title == "Search results · Knowledge Base"
    assert head.canonical == f"{ORIGIN}/search/"
    assert head.robots == "noindex"
