"""Every URL pattern of the site, asked for in hostile ways, answers 4xx at worst: never a 500."""

import re

import pytest
from django.contrib.admindocs.views import simplify_regex
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from posts.models import Post
from tests.support.factories import make_post, make_superuser

pytestmark = pytest.mark.django_db

HOSTILE_SUFFIXES = [
    "%00",
    "%ff%fe",
    "%c0%af",
    "..%2f..%2fetc%2fpasswd",
    "%252e%252e%252f",
    "a" * 4000,
    "%e2%80%ae" * 50,
]
HOSTILE_QUERIES = [
    "page=-1",
    "page=99999999999999999999999999",
    "page=abc",
    "page=%00",
    "p=-5",
    "q=%00",
    "q=%ff%fe",
    "q=" + "x" * 10000,
    "status__exact=%00",
    "published_at__gte=not-a-date",
    "_changelist_filters=%ff",
    "a=1&" * 500,
]
HOSTILE_METHODS = ["PROPFIND", "TRACE", "FOO", "CONNECT"]


def all_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def example_urls(post):
    """One concrete address for each URL pattern, with real objects where the pattern names one."""
    samples = {
        "slug": post.slug,
        "object_id": str(post.pk),
        "app_label": "posts",
        "model_name": "post",
        "path": "uploads/none.png",
        "content_type_id": "1",
        "id": "1",
        "uidb64": "MQ",
        "token": "set-password",
        "url": "admin/",
    }
    urls = set()
    for pattern in all_patterns(get_resolver().url_patterns):
        url = simplify_regex(pattern)
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: samples.get(match.group(1), "1"), url)
        urls.add(url.replace("<var>", "1"))
    return sorted(urls)


@pytest.fixture
def clients():
    staff = Client(raise_request_exception=False)
    staff.force_login(make_superuser())
    return {"anonymous": Client(raise_request_exception=False), "staff": staff}


@pytest.fixture
def post():
    make_post(status=Post.Status.DRAFT)
    return make_post()


def assert_no_server_error(response, description):
    assert response.status_code < 500, f"{description} -> {response.status_code}"


def test_the_walk_covers_the_public_and_admin_patterns(post):
    urls = example_urls(post)
    assert "/" in urls and post.get_absolute_url() in urls
    assert f"/admin/posts/post/{post.pk}/change/" in urls
    assert "/editor/preview/" in urls and "/media/uploads/none.png" in urls
    assert len(urls) > 30


def test_hostile_paths_never_cause_a_server_error(clients, post):
    for url in example_urls(post):
        for suffix in HOSTILE_SUFFIXES:
            for who, client in clients.items():
                hostile = url + suffix
                assert_no_server_error(client.get(hostile), f"{who} GET {hostile[:80]}")


def test_hostile_query_strings_never_cause_a_server_error(clients, post):
    for url in example_urls(post):
        for query in HOSTILE_QUERIES:
            for who, client in clients.items():
                assert_no_server_error(client.get(f"{url}?{query}"), f"{who} GET {url}?{query[:60]}")


def test_unknown_methods_are_refused_with_405_everywhere(clients, post):
    for url in example_urls(post):
        for method in HOSTILE_METHODS:
            for who, client in clients.items():
                response = client.generic(method, url)
                assert response.status_code == 405, f"{who} {method} {url}"


def test_non_utf8_and_nul_in_form_data_never_cause_a_server_error(clients, post):
    for url in example_urls(post):
        for who, client in clients.items():
            response = client.post(
                url, b"content=%ff%fe%00&q=%00", content_type="application/x-www-form-urlencoded"
            )
            assert_no_server_error(response, f"{who} POST {url}")


@pytest.mark.parametrize("page", ["-1", "0", "99999", "abc", "1.5", "%00", "9" * 40])
def test_bad_page_numbers_on_public_lists_are_404_or_400(client, post, page):
    for url in ["/", f"/category/{post.category.slug}/", f"/author/{post.author.slug}/"]:
        assert client.get(f"{url}?page={page}").status_code in {400, 404}, f"{url}?page={page}"


def test_nul_bytes_are_a_bad_request(client):
    assert client.get("/?q=%00").status_code == 400
    assert client.get("/posts/a%00b/").status_code == 400


def test_the_post_page_answers_only_get_and_head(client, post):
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.head(post.get_absolute_url()).status_code == 200
    assert client.post(post.get_absolute_url()).status_code == 405
    assert client.delete(post.get_absolute_url()).status_code == 405


def test_refusals_carry_the_security_headers(client):
    for response in [client.get("/?q=%00"), client.generic("PROPFIND", "/")]:
        assert "object-src 'none'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
