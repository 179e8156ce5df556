"""Post pages answer conditional requests: 304 while nothing they show has changed, 200 after."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.http import http_date

from pagecache.version import bump_content_version
from posts.models import Post
from tests.support.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(title="Conditional", slug="conditional")


def first_visit(client, post):
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response


def test_post_page_sends_etag_and_last_modified(client, post):
    response = first_visit(client, post)
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == http_date(post.updated_at.timestamp())
    # Browsers keep it briefly, then revalidate rather than guess a freshness from Last-Modified.
    assert response["Cache-Control"] == "max-age=60, must-revalidate"


def test_repeat_request_with_the_etag_gets_304_without_a_body(client, post):
    etag = first_visit(client, post)["ETag"]
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_repeat_request_with_the_date_gets_304(client, post):
    last_modified = first_visit(client, post)["Last-Modified"]
    response = client.get(post.get_absolute_url(), headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_editing_the_post_gives_200_with_a_new_etag(client, post):
    first = first_visit(client, post)
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(seconds=1))
    bump_content_version()  # as the save that update() stands for would
    post.refresh_from_db()
    before = first_visit(client, post)
    post.title = "Conditional, edited"
    post.save()
    for headers in [{"if-none-match": before["ETag"]}, {"if-modified-since": before["Last-Modified"]}]:
        response = client.get(post.get_absolute_url(), headers=headers)
        assert response.status_code == 200
        assert "Conditional, edited" in response.content.decode()
        assert response["ETag"] not in (first["ETag"], before["ETag"])


def test_a_new_post_in_the_sidebar_changes_the_etag(client, post):
    etag = first_visit(client, post)["ETag"]
    make_post(title="Fresh in the sidebar", published_at=timezone.now())
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Fresh in the sidebar" in response.content.decode()


def test_a_sidebar_post_moved_to_draft_changes_the_etag(client, post):
    other = make_post(title="Soon withdrawn")
    etag = first_visit(client, post)["ETag"]
    other.status = Post.Status.DRAFT
    other.save()
    assert client.get(post.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200


def test_a_scheduled_post_going_live_changes_the_etag(client, post):
    scheduled = make_post(title="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    etag = first_visit(client, post)["ETag"]
    # Its time comes: what was cached until then has expired (tests/test_page_cache.py covers that).
    Post.objects.filter(pk=scheduled.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    caches["default"].clear()
    assert client.get(post.get_absolute_url(), headers={"if-none-match": etag}).status_code == 200


def test_an_author_edit_changes_the_etag(client, post):
    etag = first_visit(client, post)["ETag"]
    post.author.bio = "A new bio."
    post.author.save()
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "A new bio." in response.content.decode()


def test_etags_differ_between_posts(client, post):
    other = make_post()
    assert first_visit(client, post)["ETag"] != first_visit(client, other)["ETag"]


def test_drafts_previewed_by_staff_are_never_validated(staff_client):
    draft = make_post(status=Post.Status.DRAFT)
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert not response.has_header("Last-Modified")
    assert "no-store" in response["Cache-Control"]


def test_redirects_and_errors_carry_no_validators(client, post):
    post.slug = "renamed"
    post.save()
    for url, status in [("/posts/conditional/", 301), ("/posts/missing/", 404)]:
        response = client.get(url, headers={"if-none-match": "*"})
        assert response.status_code == status
        assert not response.has_header("ETag")


def test_logging_in_as_staff_changes_the_etag(client, staff_client, post):
    etag = first_visit(client, post)["ETag"]
    response = staff_client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_etag_changes_when_a_sidebar_entry_turns_a_day_older(client, post, settings, time_machine):
    # The page cache keeps a whole page, ETag and all, for a few minutes; this is about the ETag a
    # fresh rendering gets, so every request here renders.
    settings.PAGE_CACHE = False
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    make_post(title="Nearly two days old", published_at=now - timedelta(days=2, minutes=-15))
    etag = first_visit(client, post)["ETag"]
    # Ten minutes on, every entry still shows the same age: nothing on the page has changed.
    time_machine.move_to(now + timedelta(minutes=10), tick=False)
    assert client.get(post.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    # Past the day boundary, "1 day ago" becomes "2 days ago" in the sidebar with no save at all.
    time_machine.move_to(now + timedelta(minutes=20), tick=False)
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
