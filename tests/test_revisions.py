import pytest
from django.test import Client
from reversion.models import Version

from posts.models import EditConflict, Post
from tests.support.admin_forms import change_form, save
from tests.support.factories import make_post, make_superuser

pytestmark = pytest.mark.django_db


def versions(post):
    return list(Version.objects.get_for_object(post))


def test_every_save_keeps_a_revision_with_who_saved_it(staff_client):
    post = make_post(body="First words.")
    assert len(versions(post)) == 1
    assert save(staff_client, post, body="Second words.").status_code == 302
    post.refresh_from_db()
    assert save(staff_client, post, body="Third words.").status_code == 302
    post.refresh_from_db()
    kept = versions(post)
    assert post.revision == 3
    assert [v.field_dict["body"] for v in kept] == ["Third words.", "Second words.", "First words."]
    assert kept[0].revision.user.username == "editor"


def test_history_lists_revisions_with_their_author(staff_client):
    post = make_post()
    save(staff_client, post, body="Changed.")
    html = staff_client.get(f"/admin/posts/post/{post.pk}/history/").content.decode()
    assert html.count(f"/admin/posts/post/{post.pk}/history/") >= 2
    assert "<td>editor</td>" in html


def test_comparison_shows_a_readable_diff_against_the_current_text(staff_client):
    post = make_post(body="Line one.\nLine two.\nLine three.\n")
    old = versions(post)[0]
    save(staff_client, post, body="Line one.\nLine 2, rewritten.\nLine three.\n", title="A new title")
    response = staff_client.get(f"/admin/posts/post/{post.pk}/history/{old.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="diff-removed">− Line two.</span>' in html
    assert '<span class="diff-added">+ Line 2, rewritten.</span>' in html
    assert '<span class="diff-context">  Line one.</span>' in html
    assert "<h3>Title</h3>" in html and "+ A new title" in html
    assert "Restore this revision" in html


def test_restoring_a_revision_brings_back_its_text_as_a_new_revision(staff_client, client):
    post = make_post(title="Original", body="The *original* text.")
    original = versions(post)[0]
    save(staff_client, post, title="Rewritten", body="Something else entirely.")
    response = staff_client.post(f"/admin/posts/post/{post.pk}/history/{original.pk}/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.title, post.body, post.revision) == ("Original", "The *original* text.", 3)
    assert "<em>original</em>" in client.get(post.get_absolute_url()).content.decode()
    kept = versions(post)
    assert len(kept) == 3
    assert kept[0].revision.get_comment().startswith("Restored the revision saved by")
    assert kept[1].field_dict["body"] == "Something else entirely."


def test_restore_keeps_the_status_and_publication_date(staff_client):
    post = make_post(status=Post.Status.DRAFT)
    draft_version = versions(post)[0]
    save(staff_client, post, status="published", body="Now live.")
    staff_client.post(f"/admin/posts/post/{post.pk}/history/{draft_version.pk}/")
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.is_public


def test_restore_refuses_an_address_taken_since(staff_client):
    post = make_post(slug="first-address")
    first = versions(post)[0]
    save(staff_client, post, slug="second-address")
    make_post(slug="first-address")
    response = staff_client.post(f"/admin/posts/post/{post.pk}/history/{first.pk}/", follow=True)
    assert "That revision cannot be restored" in response.content.decode()
    post.refresh_from_db()
    assert post.slug == "second-address"


def test_a_version_of_another_post_is_not_found_under_this_one(staff_client):
    post, other = make_post(), make_post()
    response = staff_client.get(f"/admin/posts/post/{post.pk}/history/{versions(other)[0].pk}/")
    assert response.status_code == 404


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text():
    post = make_post(body="Shared starting text.\n")
    first, second = Client(), Client()
    first.force_login(make_superuser(username="ana"))
    second.force_login(make_superuser(username="ben"))
    opened = change_form(post)  # both open the same revision
    first.post(f"/admin/posts/post/{post.pk}/change/", {**opened, "body": "Ana's edit.\n"})

    response = second.post(f"/admin/posts/post/{post.pk}/change/", {**opened, "body": "Ben's own words.\n"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved this post since you opened it (saved by ana on" in html
    assert "Ben&#x27;s own words." in html  # still in the textarea
    assert '<span class="diff-removed">− Shared starting text.</span>' in html
    assert '<span class="diff-added">+ Ana&#x27;s edit.</span>' in html
    post.refresh_from_db()
    assert post.body.strip() == "Ana's edit."
    assert post.revision == 2


def test_saving_again_after_a_conflict_is_a_deliberate_overwrite():
    post = make_post(body="Start.\n")
    editor = Client()
    editor.force_login(make_superuser(username="ben"))
    stale = change_form(post)
    Post.objects.get(pk=post.pk).save()  # someone else saves meanwhile
    refused = editor.post(f"/admin/posts/post/{post.pk}/change/", {**stale, "body": "Mine.\n"})
    form = refused.context["adminform"].form
    assert form.errors and form["opened_revision"].value() == 2

    again = editor.post(
        f"/admin/posts/post/{post.pk}/change/", {**stale, "opened_revision": 2, "body": "Mine.\n"}
    )
    assert again.status_code == 302
    post.refresh_from_db()
    assert post.body.strip() == "Mine."


def test_a_stale_copy_of_a_post_cannot_overwrite_a_newer_save():
    post = make_post(body="Start.")
    stale = Post.objects.get(pk=post.pk)
    post.body = "Newer."
    post.save()
    stale.body = "Older."
    with pytest.raises(EditConflict):
        stale.save()
    post.refresh_from_db()
    assert post.body == "Newer."


def test_list_actions_save_revisions_too(staff_client):
    post = make_post(status=Post.Status.DRAFT)
    staff_client.post("/admin/posts/post/", {"action": "publish", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.revision == 2
    latest = versions(post)[0]
    assert latest.field_dict["status"] == "published"
    assert latest.revision.user.username == "editor"


@pytest.mark.django_db(transaction=True)
def test_the_conflict_check_holds_between_two_database_connections():
    """Two editors in two connections (as in two server processes): the later, stale save waits for
    the first one's lock, then is refused by the database check."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database cannot hold a row lock between threads")
    post = make_post(body="Start.")
    stale = Post.objects.get(pk=post.pk)
    first_holds_the_row, outcome = threading.Event(), {}

    def first_editor():
        with transaction.atomic():
            fresh = Post.objects.get(pk=post.pk)
            fresh.body = "First."
            fresh.save()
            first_holds_the_row.set()
            threading.Event().wait(0.5)  # still uncommitted while the second editor saves
        connection.close()

    def second_editor():
        first_holds_the_row.wait(5)
        stale.body = "Second."
        try:
            stale.save()
            outcome["second"] = "saved"
        except EditConflict:
            outcome["second"] = "refused"
        connection.close()

    editors = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(10)
    assert outcome == {"second": "refused"}
    post.refresh_from_db()
    assert (post.body, post.revision) == ("First.", 2)
