"""The post form's browser-side copy is dropped only when the server confirms the save that sent it:
a successful save hands the copy's token back in the redirect's fragment; nothing else does."""

import pytest
from django.urls import reverse

from posts.models import Post
from tests.support.admin_forms import post_form
from tests.support.factories import make_author, make_category, make_post

pytestmark = pytest.mark.django_db
TOKEN = "0123456789abcdef0123456789abcdef"
MALFORMED = ["", "short", "0123456789ABCDEF", TOKEN + "#x", TOKEN + "\r\nSet-Cookie: a=b"]


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def change(client, post, **fields):
    data = post_form(post.category, post.author, title=post.title, slug=post.slug, **fields)
    return client.post(change_url(post), {"opened_revision": post.revision, **data})


@pytest.mark.parametrize("button, goes_to", [("_continue", "change"), ("_save", "changelist")])
def test_a_successful_save_confirms_the_copy_it_was_sent_with(staff_client, button, goes_to):
    post = make_post()
    response = change(staff_client, post, body="New words.", _draft_token=TOKEN, **{button: "1"})
    assert response.status_code == 302
    page = change_url(post) if goes_to == "change" else reverse("admin:posts_post_changelist")
    assert response["Location"] == f"{page}#saved-draft={TOKEN}"


def test_adding_a_post_confirms_the_copy_too(staff_client):
    data = post_form(make_category(), make_author(), _draft_token=TOKEN)
    response = staff_client.post(reverse("admin:posts_post_add"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:posts_post_changelist") + f"#saved-draft={TOKEN}"
    assert Post.objects.count() == 1


def test_a_refused_save_confirms_nothing(staff_client):
    post = make_post(body="Saved.")
    Post.objects.get(pk=post.pk).save()  # someone else saved since the form was opened
    conflict = change(staff_client, post, body="Mine.", _draft_token=TOKEN)
    invalid = change(staff_client, make_post(), body="", _draft_token=TOKEN)
    for response in (conflict, invalid):
        assert response.status_code == 200
        assert TOKEN not in response.content.decode()
    assert Post.objects.get(pk=post.pk).body == "Saved."


@pytest.mark.parametrize("token", MALFORMED)
def test_a_malformed_token_is_not_echoed(staff_client, token):
    post = make_post()
    response = change(staff_client, post, body="New words.", _draft_token=token, _continue="1")
    assert response.status_code == 302
    assert response["Location"] == change_url(post)
