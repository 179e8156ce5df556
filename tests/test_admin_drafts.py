"""The post form's browser-side copy is dropped only when the server confirms the save that sent it:
a successful save hands the copy's token back in the redirect's fragment; nothing else does."""

import pytest

from posts.models import Post
from tests.factories import make_author, make_category, make_post
from tests.test_admin import post_form

pytestmark = pytest.mark.django_db
TOKEN = "0123456789abcdef0123456789abcdef"


def change(client, post, **fields):
    data = post_form(post.category, post.author, title=post.title, slug=post.slug, **fields)
    return client.post(f"/admin/posts/post/{post.pk}/change/", {"opened_revision": post.revision, **data})


@pytest.mark.parametrize(
    "button, page", [("_continue", "/admin/posts/post/{pk}/change/"), ("_save", "/admin/posts/post/")]
)
def test_a_successful_save_confirms_the_copy_it_was_sent_with(staff_client, button, page):
    post = make_post()
    response = change(staff_client, post, body="New words.", _draft_token=TOKEN, **{button: "1"})
    assert response.status_code == 302
    assert response["Location"] == page.format(pk=post.pk) + f"#saved-draft={TOKEN}"


def test_adding_a_post_confirms_the_copy_too(staff_client):
    data = post_form(make_category(), make_author(), _draft_token=TOKEN)
    response = staff_client.post("/admin/posts/post/add/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/posts/post/#saved-draft={TOKEN}"
    assert Post.objects.count() == 1


def test_a_refused_save_confirms_nothing(staff_client):
    post = make_post(body="Saved.")
    Post.objects.get(pk=post.pk).save()  # someone else saved since the form was opened
    conflict = change(staff_client, post, body="Mine.", _draft_token=TOKEN)
    invalid = change(staff_client, make_post(), body="", _draft_token=TOKEN)
    for response in (conflict, invalid):
        assert response.status_code == 200
        assert TOKEN not in response.content.decode()


@pytest.mark.parametrize(
    "token", ["", "short", "0123456789ABCDEF", TOKEN + "#x", TOKEN + "\r\nSet-Cookie: a=b"]
)
def test_a_malformed_token_is_not_echoed(staff_client, token):
    post = make_post()
    response = change(staff_client, post, body="New words.", _draft_token=token, _continue="1")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/posts/post/{post.pk}/change/"
