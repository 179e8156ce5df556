"""A post's old addresses keep working: 301 to the live one in one hop, 410 once the post is deleted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from addresses.models import OldAddress
from posts.models import Post
from tests.support.factories import make_post

pytestmark = pytest.mark.django_db


def rename(post, slug):
    post.slug = slug
    post.save()


def test_an_old_address_redirects_permanently_to_the_new_one(client):
    post = make_post(slug="first-name")
    rename(post, "second-name")
    response = client.get("/posts/first-name/")
    assert response.status_code == 301
    assert response["Location"] == "/posts/second-name/"
    assert client.get("/posts/second-name/").status_code == 200


def test_after_two_renames_every_old_address_lands_on_the_live_one_in_one_hop(client):
    post = make_post(slug="one")
    rename(post, "two")
    rename(post, "three")
    for old in ["/posts/one/", "/posts/two/"]:
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/posts/three/"
        assert client.get(response["Location"]).status_code == 200


def test_old_addresses_keep_their_query_free_target_and_work_for_head_requests(client):
    post = make_post(slug="before")
    rename(post, "after")
    assert client.head("/posts/before/").status_code == 301
    assert client.get("/posts/before/", {"utm_source": "x"})["Location"] == "/posts/after/"


def test_renaming_back_to_an_old_slug_serves_the_post_there_again(client):
    post = make_post(slug="original")
    rename(post, "interim")
    rename(post, "original")
    assert client.get("/posts/original/").status_code == 200
    interim = client.get("/posts/interim/")
    assert interim.status_code == 301
    assert interim["Location"] == "/posts/original/"
    assert not OldAddress.objects.filter(path="/posts/original/").exists()


def test_a_new_post_may_take_a_retired_slug(client):
    old = make_post(slug="taken", title="Old post")
    rename(old, "old-post-now")
    new = make_post(slug="taken", title="New post")
    response = client.get("/posts/taken/")
    assert response.status_code == 200
    assert new.title in response.content.decode()
    rename(new, "new-post-now")
    assert client.get("/posts/taken/")["Location"] == "/posts/new-post-now/"


def test_saving_without_a_slug_change_records_nothing():
    post = make_post(slug="steady")
    post.title = "Edited"
    post.save()
    post.save(update_fields=["title"])
    assert OldAddress.objects.count() == 0


def test_a_deleted_posts_addresses_answer_410_gone(client):
    post = make_post(slug="old-name")
    rename(post, "last-name")
    post.delete()
    for url in ["/posts/old-name/", "/posts/last-name/"]:
        response = client.get(url)
        assert response.status_code == 410
        assert "Page removed" in response.content.decode()
        assert "Recent posts" in response.content.decode()


def test_bulk_deleted_posts_answer_410_too(client):
    make_post(slug="bulk-a")
    make_post(slug="bulk-b")
    Post.objects.filter(slug__startswith="bulk-").delete()
    assert client.get("/posts/bulk-a/").status_code == 410
    assert client.get("/posts/bulk-b/").status_code == 410


def test_a_post_moved_back_to_draft_is_404_at_old_and_current_addresses(client):
    post = make_post(slug="was-public")
    rename(post, "is-draft")
    post.status = Post.Status.DRAFT
    post.save()
    assert client.get("/posts/is-draft/").status_code == 404
    assert client.get("/posts/was-public/").status_code == 404


def test_a_scheduled_posts_old_address_does_not_reveal_it(client):
    post = make_post(slug="soon-old", published_at=timezone.now() + timedelta(days=1))
    rename(post, "soon-new")
    assert client.get("/posts/soon-old/").status_code == 404


def test_a_never_used_slug_is_404(client):
    make_post(slug="exists")
    assert client.get("/posts/never-existed/").status_code == 404


def test_a_deleted_draft_is_404_not_410(client):
    draft = make_post(slug="never-public", status=Post.Status.DRAFT)
    draft.delete()
    assert client.get("/posts/never-public/").status_code == 404


def test_an_unpublished_posts_old_address_answers_404_and_reveals_nothing(client):
    post = make_post(slug="public-name", title="Secret plans for next year")
    rename(post, "renamed-in-draft")
    post.status = Post.Status.DRAFT
    post.save()
    response = client.get("/posts/public-name/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "renamed-in-draft" not in page and "Secret plans" not in page
    assert "Location" not in response


def test_deleting_a_draft_leaves_its_old_addresses_a_plain_404(client):
    post = make_post(slug="draft-one", status=Post.Status.DRAFT)
    rename(post, "draft-two")
    post.delete()
    assert client.get("/posts/draft-one/").status_code == 404
    assert client.get("/posts/draft-two/").status_code == 404
    assert not OldAddress.objects.exists()
