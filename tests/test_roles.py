import pytest
from django.contrib.auth.models import Group
from django.test import Client

from posts.models import Post
from tests.support.admin_forms import change_form
from tests.support.factories import make_author, make_category, make_post, make_user
from tests.support.html import select

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def list_actions(client):
    """The actions the admin's post list offers `client`'s user."""
    page = client.get("/admin/posts/post/")
    return [option["value"] for option in select(page, 'select[name="action"] option') if option["value"]]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author_user():
    return member_of("Authors", "amira")


@pytest.fixture
def author_client(author_user):
    return logged_in(author_user)


@pytest.fixture
def own_draft(author_user):
    return make_post(title="My own draft", status=Post.Status.DRAFT, author=make_author(user=author_user))


@pytest.fixture
def others_draft():
    return make_post(title="Somebody else's draft", status=Post.Status.DRAFT)


def test_the_roles_exist_with_their_permissions():
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    authors = set(Group.objects.get(name="Authors").permissions.values_list("codename", flat=True))
    assert {"publish_post", "change_post", "delete_post"} <= editors
    assert {"add_post", "change_post"} <= authors
    assert "publish_post" not in authors and "delete_post" not in authors


def test_author_lists_only_their_own_posts(author_client, own_draft, others_draft):
    html = author_client.get("/admin/posts/post/").content.decode()
    assert "My own draft" in html
    assert "Somebody else" not in html


def test_author_cannot_open_or_change_another_authors_post(author_client, others_draft):
    url = f"/admin/posts/post/{others_draft.pk}/change/"
    assert author_client.get(url).status_code == 302  # the admin's "does not exist" redirect
    response = author_client.post(url, change_form(others_draft, title="Taken over"))
    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.title == "Somebody else's draft"
    assert author_client.get(f"/admin/posts/post/{others_draft.pk}/history/").status_code == 404


def test_author_cannot_preview_another_authors_draft_on_the_site(author_client, own_draft, others_draft):
    assert author_client.get(others_draft.get_absolute_url()).status_code == 404
    assert author_client.get(own_draft.get_absolute_url()).status_code == 200


def test_author_edits_their_own_draft_and_marks_it_ready_for_review(author_client, own_draft):
    response = author_client.post(
        f"/admin/posts/post/{own_draft.pk}/change/", change_form(own_draft, body="Better.", status="review")
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert (own_draft.body, own_draft.status) == ("Better.", Post.Status.REVIEW)
    assert not Post.objects.published().filter(pk=own_draft.pk).exists()


def test_author_cannot_publish_through_the_form(author_client, own_draft):
    response = author_client.post(
        f"/admin/posts/post/{own_draft.pk}/change/", change_form(own_draft, status="published")
    )
    assert response.status_code == 200
    assert (
        "Select a valid choice. published is not one of the available choices." in response.content.decode()
    )
    own_draft.refresh_from_db()
    assert own_draft.status == Post.Status.DRAFT


def test_author_cannot_schedule_a_publication_date(author_client, own_draft):
    author_client.post(
        f"/admin/posts/post/{own_draft.pk}/change/",
        change_form(own_draft, published_at_0="2030-01-01", published_at_1="10:00:00"),
    )
    own_draft.refresh_from_db()
    assert own_draft.published_at is None


def test_author_cannot_publish_with_the_list_action(author_client, own_draft):
    actions = list_actions(author_client)
    assert "publish" not in actions and "mark_ready_for_review" in actions
    author_client.post("/admin/posts/post/", {"action": "publish", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.status == Post.Status.DRAFT


def test_author_action_cannot_reach_another_authors_post(author_client, others_draft):
    author_client.post(
        "/admin/posts/post/", {"action": "mark_ready_for_review", "_selected_action": [others_draft.pk]}
    )
    others_draft.refresh_from_db()
    assert others_draft.status == Post.Status.DRAFT


def test_author_writes_new_posts_only_as_themselves(author_client, author_user):
    mine = make_author(user=author_user)
    someone = make_author()
    data = change_form(make_post(status=Post.Status.DRAFT), slug="new-one", author=someone.pk, status="draft")
    response = author_client.post("/admin/posts/post/add/", data)
    assert response.status_code == 200
    assert not Post.objects.filter(slug="new-one").exists()
    response = author_client.post("/admin/posts/post/add/", {**data, "author": mine.pk})
    assert response.status_code == 302
    assert Post.objects.get(slug="new-one").author == mine


def test_author_sees_but_cannot_change_their_published_post(author_client, author_user):
    live = make_post(title="Already live", author=make_author(user=author_user))
    page = author_client.get(f"/admin/posts/post/{live.pk}/change/")
    assert page.status_code == 200 and "View post" in page.content.decode()
    response = author_client.post(
        f"/admin/posts/post/{live.pk}/change/", change_form(live, title="Sneaky edit")
    )
    assert response.status_code == 403
    live.refresh_from_db()
    assert live.title == "Already live"


def test_author_cannot_restore_revisions_of_another_authors_post(author_client, others_draft):
    from reversion.models import Version

    version = Version.objects.get_for_object(others_draft).first()
    assert author_client.post(f"/admin/posts/post/{others_draft.pk}/history/{version.pk}/").status_code == 404


def test_author_cannot_recover_deleted_posts(author_client):
    assert author_client.get("/admin/posts/post/recover/").status_code == 403


def test_editor_changes_any_post_and_publishes(own_draft):
    editor = logged_in(member_of("Editors", "edna"))
    response = editor.post(
        f"/admin/posts/post/{own_draft.pk}/change/", change_form(own_draft, status="published")
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.is_public


def test_editors_can_filter_posts_ready_for_review():
    make_post(title="Please check me", status=Post.Status.REVIEW)
    make_post(title="Not yet", status=Post.Status.DRAFT)
    editor = logged_in(member_of("Editors", "edna"))
    page = editor.get("/admin/posts/post/")
    assert "?status__exact=review" in page.content.decode()
    html = editor.get("/admin/posts/post/?status__exact=review").content.decode()
    assert "Please check me" in html and "Not yet" not in html


def test_ready_for_review_posts_stay_off_the_site(client):
    post = make_post(status=Post.Status.REVIEW, category=make_category())
    assert client.get(post.get_absolute_url()).status_code == 404
    assert post.title not in client.get("/").content.decode()


def test_only_editors_may_mark_posts_reviewed(author_client, own_draft):
    assert "mark_reviewed" not in list_actions(author_client)
    author_client.post("/admin/posts/post/", {"action": "mark_reviewed", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.reviewed_on is None
    editor = logged_in(member_of("Editors", "edna"))
    assert "mark_reviewed" in list_actions(editor)
    editor.post("/admin/posts/post/", {"action": "mark_reviewed", "_selected_action": [own_draft.pk]})
    own_draft.refresh_from_db()
    assert own_draft.reviewed_on is not None


def test_author_cannot_record_a_review_through_the_form(author_client, own_draft):
    response = author_client.post(
        f"/admin/posts/post/{own_draft.pk}/change/", change_form(own_draft, reviewed_on="2026-01-31")
    )
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.reviewed_on is None


def test_editor_previews_any_draft_on_the_site_uncached(others_draft):
    editor = logged_in(member_of("Editors", "edna"))
    response = editor.get(others_draft.get_absolute_url())
    assert response.status_code == 200 and "Somebody else" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_post_list_counts_votes_for_editors_and_authors(author_client, own_draft):
    from feedback.models import Vote

    own_draft.status = Post.Status.PUBLISHED
    own_draft.save()
    Vote.objects.create(post=own_draft, content_version=own_draft.content_version, helpful=True)
    editor = logged_in(member_of("Editors", "edna"))
    for client in (editor, author_client):
        html = client.get("/admin/posts/post/").content.decode()
        assert 'class="field-helpful">1</td>' in html and "My own draft" in html
