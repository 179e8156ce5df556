"""Review dates and the admin's tools for finding posts that need work."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from feedback.models import Vote
from posts.models import Post, Tag
from posts.review import add_months
from tests.support.admin_forms import change_form
from tests.support.factories import make_author, make_post
from tests.support.html import select

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 1), 12, date(2027, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month(start, months, due):
    assert add_months(start, months) == due


def test_a_new_post_is_owned_by_its_author_and_due_six_months_after_publication():
    published = timezone.now() - timedelta(days=1)
    post = make_post(published_at=published)
    assert post.owner == post.author
    assert post.review_interval == 6
    assert post.review_due_on == add_months(timezone.localdate(published), 6)


def test_an_owner_other_than_the_author_is_kept():
    owner = make_author(name="Reviewer")
    assert make_post(owner=owner).owner == owner


def test_a_draft_is_not_due_for_review():
    draft = make_post(status=Post.Status.DRAFT)
    assert draft.review_due_on is None
    assert not Post.objects.due_for_review().exists()


def test_a_review_resets_the_due_date_without_marking_the_post_updated():
    post = make_post(published_at=timezone.now() - timedelta(days=400), review_interval=12)
    Post.objects.filter(pk=post.pk).update(updated_at=post.published_at)
    assert Post.objects.due_for_review().filter(pk=post.pk).exists()
    post.mark_reviewed()
    post.refresh_from_db()
    assert post.reviewed_on == timezone.localdate()
    assert post.review_due_on == add_months(timezone.localdate(), 12)
    assert post.updated_at == post.published_at
    assert not Post.objects.due_for_review().exists()


def changelist(staff_client, query=""):
    response = staff_client.get("/admin/posts/post/" + query)
    assert response.status_code == 200
    return response.content.decode()


def add_votes(post, helpful, unhelpful):
    Vote.objects.bulk_create(
        [Vote(post=post, content_version=post.content_version, helpful=True) for _ in range(helpful)]
        + [Vote(post=post, content_version=post.content_version, helpful=False) for _ in range(unhelpful)]
    )


def test_post_list_shows_counts_and_ratio_for_the_current_text_only(staff_client):
    post = make_post(title="Counted post")
    add_votes(post, helpful=3, unhelpful=1)
    Vote.objects.create(post=post, content_version="old-version", helpful=False)
    html = changelist(staff_client)
    (row,) = [row for row in select(html, "#result_list tbody tr") if "Counted post" in row.get_text()]
    cells = {
        name: row.select_one(f"td.field-{name}").get_text() for name in ("helpful", "not_helpful", "ratio")
    }
    assert cells == {"helpful": "3", "not_helpful": "1", "ratio": "75%"}


def test_post_list_sorts_by_ratio(staff_client):
    good, bad, middling = (make_post(title=f"{name} one") for name in ["Good", "Bad", "Middling"])
    add_votes(good, 9, 1)
    add_votes(bad, 1, 9)
    add_votes(middling, 5, 5)
    ratio_column = 10  # 1-based position of "yes %" in list_display
    html = changelist(staff_client, f"?o={ratio_column}")
    assert html.index("Bad one") < html.index("Middling one") < html.index("Good one")
    descending = changelist(staff_client, f"?o=-{ratio_column}")
    assert descending.index("Good one") < descending.index("Bad one")


def test_needs_attention_lists_posts_with_many_no_votes_or_an_overdue_review(staff_client):
    failing = make_post(title="Failing answer")
    add_votes(failing, helpful=1, unhelpful=3)
    liked = make_post(title="Liked answer")
    add_votes(liked, helpful=10, unhelpful=3)
    overdue = make_post(title="Stale answer", published_at=timezone.now() - timedelta(days=365))
    make_post(title="Fresh answer")
    html = changelist(staff_client, "?attention=yes")
    assert "Failing answer" in html and "Stale answer" in html
    assert "Liked answer" not in html and "Fresh answer" not in html
    votes_only = changelist(staff_client, "?attention=votes")
    assert "Failing answer" in votes_only and overdue.title not in votes_only


def test_a_rewrite_clears_a_post_from_needs_attention(staff_client):
    post = make_post(title="Rewritten answer")
    add_votes(post, helpful=0, unhelpful=5)
    post.body = "A better answer."
    post.save()
    assert "Rewritten answer" not in changelist(staff_client, "?attention=votes")


def test_review_filter_lists_posts_due_for_review(staff_client):
    make_post(title="Old post", published_at=timezone.now() - timedelta(days=200))
    make_post(title="New post")
    due = changelist(staff_client, "?review=due")
    assert "Old post" in due and "New post" not in due
    fine = changelist(staff_client, "?review=ok")
    assert "New post" in fine and "Old post" not in fine


def test_mark_reviewed_action_marks_every_selected_post(staff_client):
    posts = [make_post(published_at=timezone.now() - timedelta(days=300)) for _ in range(2)]
    response = staff_client.post(
        "/admin/posts/post/",
        {"action": "mark_reviewed", "_selected_action": [post.pk for post in posts]},
        follow=True,
    )
    assert "Marked 2 post(s) reviewed today." in response.content.decode()
    assert set(Post.objects.values_list("reviewed_on", flat=True)) == {timezone.localdate()}
    assert not Post.objects.due_for_review().exists()


def test_tag_filter_in_the_admin(staff_client):
    tagged = make_post(title="Tagged post")
    tagged.tags.add(Tag.objects.create(name="Billing", slug="billing"))
    make_post(title="Plain post")
    html = changelist(staff_client, f"?tags__id__exact={tagged.tags.get().pk}")
    assert "Tagged post" in html and "Plain post" not in html


def test_admin_edits_tags_owner_and_review_interval(staff_client):
    post = make_post()
    tag, owner = Tag.objects.create(name="Billing", slug="billing"), make_author(name="Owner")
    data = change_form(post, tags=[tag.pk], owner=owner.pk, reviewed_on="2026-01-31", review_interval="1")
    response = staff_client.post(f"/admin/posts/post/{post.pk}/change/", data)
    assert response.status_code == 302
    post.refresh_from_db()
    assert list(post.tags.all()) == [tag]
    assert post.owner == owner
    assert post.review_due_on == date(2026, 2, 28)


def test_votes_are_read_only_in_the_admin(staff_client):
    post = make_post()
    add_votes(post, 0, 1)
    Vote.objects.update(comment="Missing the price")
    votes = staff_client.get("/admin/feedback/vote/").content.decode()
    assert "Missing the price" in votes
    assert staff_client.get("/admin/feedback/vote/add/").status_code == 403
    change = staff_client.post(f"/admin/feedback/vote/{Vote.objects.get().pk}/change/", {"comment": "Edited"})
    assert change.status_code == 403
    assert Vote.objects.get().comment == "Missing the price"


@pytest.mark.parametrize("interval", ["0", "121", "-1"])
def test_admin_refuses_a_review_interval_out_of_range(staff_client, interval):
    post = make_post()
    data = change_form(post, review_interval=interval)
    response = staff_client.post(f"/admin/posts/post/{post.pk}/change/", data)
    assert response.status_code == 200
    assert "Ensure this value is" in response.content.decode()
    post.refresh_from_db()
    assert post.review_interval == 6


def test_a_blank_review_interval_means_six_months(staff_client):
    post = make_post()
    data = change_form(post, review_interval="")
    assert staff_client.post(f"/admin/posts/post/{post.pk}/change/", data).status_code == 302
    post.refresh_from_db()
    assert post.review_interval == 6
