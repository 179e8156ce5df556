"""The page cache serves warm pages without the database, and never an old one.

Every test runs twice: with the default engines (pages in memory, the content version in files
every worker reads) and with Redis, as in production on several machines.
"""

import gzip
import os
from datetime import timedelta

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pagecache.version import VERSION_KEY
from posts.models import Post
from tests.support import pagecache_urls
from tests.support.admin_forms import save
from tests.support.factories import make_author, make_category, make_post
from tests.support.system_services import require

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("KB_TEST_REDIS_URL", "")


@pytest.fixture(params=["memory-and-files", "redis"], autouse=True)
def engines(request, settings, tmp_path):
    if request.param == "redis":
        require(REDIS_URL, "KB_TEST_REDIS_URL is not set: no Redis server to test against")
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        settings.CACHES = {"default": {**redis, "KEY_PREFIX": "t"}, "shared": {**redis, "KEY_PREFIX": "ts"}}
    else:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
            "shared": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": tmp_path,
            },  # noqa: E501
        }
    for cache in caches.all():
        cache.clear()
    return request.param


@pytest.fixture
def post():
    category = make_category(name="Management", slug="management")
    author = make_author(name="Hemanta", slug="hemanta")
    return make_post(title="Original title", slug="the-post", category=category, author=author)


def get(client, url, **extra):
    """The response and how many SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_a_warm_page_is_served_without_the_database(client, post):
    first, cold_queries = get(client, "/posts/the-post/")
    second, warm_queries = get(client, "/posts/the-post/")
    assert cold_queries > 0
    assert warm_queries == 0
    assert second.status_code == 200
    assert second.content == first.content


def test_head_is_answered_from_the_cached_page(client, post):
    get(client, "/posts/the-post/")
    with CaptureQueriesContext(connection) as queries:
        response = client.head("/posts/the-post/")
    assert response.status_code == 200
    assert response.content == b""
    assert len(queries) == 0


@pytest.mark.parametrize("url", ["/", "/posts/the-post/", "/category/management/", "/author/hemanta/"])
def test_saving_a_post_shows_at_once_on_every_page(client, post, url):
    assert "Original title" in client.get(url).content.decode()
    post.title = "Edited title"
    post.save()
    html = client.get(url).content.decode()
    assert "Edited title" in html
    assert "Original title" not in html


def test_a_new_post_appears_in_the_sidebar_of_cached_pages(client, post):
    client.get("/posts/the-post/")
    make_post(title="Brand new answer")
    assert "Brand new answer" in client.get("/posts/the-post/").content.decode()


def test_deleting_a_post_removes_it_at_once(client, post):
    client.get("/")
    client.get("/posts/the-post/")
    post.delete()
    assert "Original title" not in client.get("/").content.decode()
    assert client.get("/posts/the-post/").status_code == 410  # gone, not merely missing


def test_unpublishing_a_post_hides_it_at_once(client, post):
    client.get("/posts/the-post/")
    post.status = Post.Status.DRAFT
    post.save()
    assert client.get("/posts/the-post/").status_code == 404


def test_renaming_a_category_changes_the_menu_of_cached_pages(client, post):
    client.get("/posts/the-post/")
    post.category.name = "Delivery"
    post.category.save()
    html = client.get("/posts/the-post/").content.decode()
    assert '<a href="/category/management/">Delivery</a>' in html


def test_editing_an_author_changes_cached_post_pages(client, post):
    client.get("/posts/the-post/")
    post.author.name = "Hemanta Sharma"
    post.author.save()
    assert "Hemanta Sharma" in client.get("/posts/the-post/").content.decode()


def move_clock_to(moment, time_machine, engines):
    """Moves the site's clock (and the caches' clocks with it) to `moment`, then holds it there."""
    seconds = (moment - timezone.now()).total_seconds()
    time_machine.move_to(moment, tick=False)
    if engines == "redis":
        # Redis expires keys on its own clock, which no test can move: drop what it would have by then.
        server = redis.Redis.from_url(REDIS_URL)
        for key in server.scan_iter():
            if 0 <= server.pttl(key) <= seconds * 1000:
                server.delete(key)


def test_a_scheduled_post_appears_on_time_with_nothing_running(client, post, engines, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    publish_at = timezone.now() + timedelta(minutes=1)  # well within how long pages are kept
    make_post(title="Scheduled answer", slug="scheduled", published_at=publish_at)
    for url in ("/", "/posts/the-post/"):
        assert "Scheduled answer" not in client.get(url).content.decode()
    assert client.get("/posts/scheduled/").status_code == 404
    move_clock_to(publish_at + timedelta(seconds=1), time_machine, engines)
    assert "Scheduled answer" in client.get("/").content.decode()
    assert "Scheduled answer" in client.get("/posts/the-post/").content.decode()
    assert client.get("/posts/scheduled/").status_code == 200


def test_a_far_scheduled_post_does_not_shorten_caching(client, post):
    make_post(title="Next year", published_at=timezone.now() + timedelta(days=365))
    get(client, "/")
    assert get(client, "/")[1] == 0


def test_a_page_rendered_before_the_commit_is_not_served_after_it(
    client, post, django_capture_on_commit_callbacks
):  # noqa: E501
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Edited title"
        post.save()
        get(client, "/posts/the-post/")  # rendered inside the transaction, as another reader might
    response, queries = get(client, "/posts/the-post/")
    assert queries > 0
    assert "Edited title" in response.content.decode()


def test_losing_the_content_version_never_brings_back_old_pages(client, post):
    client.get("/posts/the-post/")
    Post.objects.filter(pk=post.pk).update(title="Changed behind the cache")
    caches["shared"].delete(VERSION_KEY)  # as when the shared cache restarts
    assert "Changed behind the cache" in client.get("/posts/the-post/").content.decode()


def test_staff_always_get_a_fresh_page_that_no_one_may_store(client, staff_client, post):
    client.get("/posts/the-post/")
    Post.objects.filter(pk=post.pk).update(title="Changed without a save signal")
    assert "Original title" in client.get("/posts/the-post/").content.decode()  # readers: cached
    response = staff_client.get("/posts/the-post/")
    assert "Changed without a save signal" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_what_staff_see_is_never_stored_for_readers(client, staff_client, post):
    staff_client.get("/")
    response, queries = get(client, "/")
    assert queries > 0
    assert "max-age=60" in response["Cache-Control"]


def test_a_reader_with_a_csrf_cookie_bypasses_the_cache(client, post):
    client.get("/posts/the-post/")
    client.cookies["csrftoken"] = "x" * 32
    assert get(client, "/posts/the-post/")[1] > 0


def test_public_pages_may_be_kept_briefly_by_browsers(client, post):
    response = client.get("/posts/the-post/")
    assert response["Cache-Control"] == "max-age=60, must-revalidate"
    assert response["Vary"] == "Cookie, Accept-Encoding"  # staff see other pages; gzip or not
    assert client.get("/posts/the-post/")["Cache-Control"] == "max-age=60, must-revalidate"


def test_drafts_stay_out_of_every_cache(staff_client, post):
    draft = make_post(status=Post.Status.DRAFT, slug="draft")
    assert "no-store" in staff_client.get(draft.get_absolute_url())["Cache-Control"]


def test_not_found_pages_are_not_stored(client, post):
    assert client.get("/posts/later/").status_code == 404
    Post.objects.bulk_create([Post(title="Later", slug="later", body="x", category=post.category,
                                   author=post.author, status=Post.Status.PUBLISHED,
                                   published_at=timezone.now() - timedelta(minutes=1))])  # fmt: skip
    assert client.get("/posts/later/").status_code == 200


def test_each_page_number_and_host_is_its_own_entry(client, post):
    for i in range(11):
        make_post(title=f"Filler {i}", category=post.category)
    first = client.get("/").content
    assert client.get("/", {"page": 2}).content != first
    assert "Original title" in client.get("/", {"page": 2}).content.decode()
    get(client, "/", HTTP_HOST="localhost")
    assert get(client, "/", HTTP_HOST="127.0.0.1")[1] > 0


def test_an_unknown_host_is_refused_not_an_error(client, post):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_with_the_page_cache_off_every_request_renders(client, post, settings):
    settings.PAGE_CACHE = False
    client.get("/posts/the-post/")
    response, queries = get(client, "/posts/the-post/")
    assert queries == 3  # the post, its tags, its related posts; menu and sidebar stay cached
    assert response["Cache-Control"] == "max-age=60, must-revalidate"


def test_health_is_checked_afresh_every_time(client, post):
    client.get("/healthz")
    response, queries = get(client, "/healthz")
    assert queries > 0
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls("tests.support.pagecache_urls")
def test_a_cached_page_answers_conditional_requests_itself(client):
    pagecache_urls.renders.clear()
    assert client.get("/tagged/").status_code == 200
    response = client.get("/tagged/", HTTP_IF_NONE_MATCH='"v1"')
    assert response.status_code == 304
    assert client.get("/tagged/", HTTP_IF_NONE_MATCH='"v0"').content == b"tagged page"
    assert pagecache_urls.renders == ["/tagged/"]


@pytest.mark.urls("tests.support.pagecache_urls")
def test_a_public_page_that_sets_a_cookie_is_never_stored(client):
    # A stored copy would hand one reader's cookie to every reader after them.
    pagecache_urls.renders.clear()
    first = client.get("/sets-a-cookie/")
    second = Client().get("/sets-a-cookie/")
    assert first["Cache-Control"] == second["Cache-Control"] == "max-age=60, must-revalidate"
    assert first.cookies["visitor"].value != second.cookies["visitor"].value
    assert pagecache_urls.renders == ["/sets-a-cookie/"] * 2


def test_the_remembered_post_count_follows_new_posts(client, post, settings):
    settings.PAGE_CACHE = False
    for i in range(9):
        make_post(title=f"Filler {i}", category=post.category)
    assert client.get("/", {"page": 2}).status_code == 404
    make_post(title="The eleventh")
    assert client.get("/", {"page": 2}).status_code == 200


def test_pages_from_the_cache_carry_the_security_headers(client, post):
    fresh = client.get("/posts/the-post/")
    cached, queries = get(client, "/posts/the-post/")
    assert queries == 0
    for response in (fresh, cached):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "form-action 'self'" in policy
        assert "nonce-" not in policy  # a nonce in a page served to many readers would be no secret
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_restoring_a_revision_shows_at_once_on_cached_pages(client, staff_client, post):
    from reversion.models import Version

    first = Version.objects.get_for_object(post).get()
    assert save(staff_client, post, title="Rewritten title").status_code == 302
    assert "Rewritten title" in client.get("/posts/the-post/").content.decode()
    staff_client.post(f"/admin/posts/post/{post.pk}/history/{first.pk}/")
    html = client.get("/posts/the-post/").content.decode()
    assert "Original title" in html and "Rewritten title" not in html


def test_list_actions_show_at_once_on_cached_pages(client, staff_client, post):
    assert client.get("/posts/the-post/").status_code == 200
    staff_client.post("/admin/posts/post/", {"action": "unpublish", "_selected_action": [post.pk]})
    assert client.get("/posts/the-post/").status_code == 404
    staff_client.post("/admin/posts/post/", {"action": "publish", "_selected_action": [post.pk]})
    assert client.get("/posts/the-post/").status_code == 200


def test_gzip_and_plain_readers_each_get_their_own_cached_page(client, post):
    gzip_headers = {"accept-encoding": "gzip, deflate, br"}
    client.get("/posts/the-post/", headers=gzip_headers)
    zipped, queries = get(client, "/posts/the-post/", headers=gzip_headers)
    assert queries == 0
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content).decode().count("<h1>") == 1
    plain, _ = get(client, "/posts/the-post/")
    assert not plain.has_header("Content-Encoding")
    assert "<h1>" in plain.content.decode()
