"""Nobody can fill the page cache by inventing addresses: only the query parameters pages read are
part of a page's cache key."""

import pytest
from django.core.cache import caches

from addresses.models import OldAddress
from tests.support.factories import make_post

pytestmark = pytest.mark.django_db


def stored_pages():
    return [key for key in caches["default"]._cache if ":page:" in key]


def test_tracking_parameters_are_answered_from_the_clean_addresss_entry(client):
    make_post(title="Scope changes")
    first = client.get("/")
    tracked = client.get("/?utm_source=newsletter&utm_medium=email&fbclid=abc")
    assert tracked.status_code == 200 and "Scope changes" in tracked.content.decode()
    assert tracked.content == first.content
    assert len(stored_pages()) == 1


def test_invented_parameters_are_served_but_never_stored(client):
    make_post(title="Scope changes")
    for n in range(50):
        response = client.get(f"/?utm={n}")
        assert response.status_code == 200
        assert "Scope changes" in response.content.decode()
    assert stored_pages() == []


def test_the_page_parameter_keeps_pages_apart(client):
    for n in range(12):
        make_post(title=f"Post {n}")
    one, two = client.get("/"), client.get("/?page=2")
    assert one.content != two.content
    assert len(stored_pages()) == 2
    assert client.get("/?page=2&utm_campaign=x").content == two.content


def test_an_old_wordpress_id_still_redirects_when_the_home_page_is_cached(client):
    post = make_post(slug="moved-here")
    OldAddress.objects.create(path="/?p=42", post=post)
    assert client.get("/").status_code == 200
    response = client.get("/?p=42")
    assert response.status_code == 301
    assert response["Location"] == "/posts/moved-here/"
