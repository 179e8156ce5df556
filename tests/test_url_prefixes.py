"""Guards and settings that apply to a part of the site follow that part when its path is renamed
in the URL map: nothing else needs editing."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from pagecache.middleware import page_key
from tests.support.factories import make_post

pytestmark = pytest.mark.django_db

RENAMED = override_settings(ROOT_URLCONF="tests.support.urls_search_renamed")


def stored_page(url):
    return caches["default"].get(page_key(RequestFactory().get(url)))


@RENAMED
def test_renamed_search_answers_at_its_new_address_only(client):
    make_post(title="Changing the scope")
    assert "Changing the scope" in client.get("/find/", {"q": "scope"}).content.decode()
    assert client.get("/search/", {"q": "scope"}).status_code == 404


@RENAMED
def test_renamed_search_is_still_kept_out_of_the_page_cache(client):
    make_post(title="Changing the scope")
    assert client.get("/find/?q=scope").status_code == 200
    assert stored_page("/find/?q=scope") is None
    assert client.get("/").status_code == 200
    assert stored_page("/") is not None  # the cache itself is on


@RENAMED
def test_renamed_search_still_reads_a_nul_byte_as_text_while_other_pages_refuse_it(client):
    assert client.get("/find/?q=a%00b").status_code == 200
    assert client.get("/?q=a%00b").status_code == 400


@RENAMED
def test_robots_txt_keeps_crawlers_out_of_the_renamed_search(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /find/" in lines
    assert "Disallow: /search/" not in lines


@RENAMED
def test_the_editor_keeps_its_looser_policy_and_search_the_strict_one(staff_client):
    editor_policy = staff_client.post("/editor/preview/", {"content": "Hi"})["Content-Security-Policy"]
    search_policy = staff_client.get("/find/?q=x")["Content-Security-Policy"]
    assert "'unsafe-inline'" in editor_policy
    assert "'unsafe-inline'" not in search_policy


def test_every_part_the_settings_name_exists_in_the_site_url_map(settings):
    from kb.middleware import FREE_TEXT_PATHS
    from kb.views import NOT_FOR_CRAWLERS

    for prefixes in [
        settings.PAGE_CACHE_EXCLUDE,
        settings.KB_CSP_ADMIN_PATHS,
        FREE_TEXT_PATHS,
        NOT_FOR_CRAWLERS,
    ]:
        assert len(list(prefixes)) == len(prefixes.names), prefixes
    assert list(settings.PAGE_CACHE_EXCLUDE) == ["/admin/", "/editor/", "/media/", "/healthz", "/search/"]
