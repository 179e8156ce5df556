"""'Was this helpful?': a plain form, one vote per browser per version of a post, limited per address."""

import pytest
from django.test import Client

from feedback.ballot import COOKIE_NAME
from feedback.models import Vote
from posts.models import Post
from tests.support.factories import make_post
from tests.support.html import select, select_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def post():
    return make_post(title="How do I pay?", slug="how-do-i-pay", body="By card.")


def vote(client, post, answer, origin="http://testserver"):
    return client.post(f"/posts/{post.slug}/vote/", {"helpful": answer}, headers={"origin": origin})


def test_post_page_has_a_form_with_two_buttons_and_sets_no_cookie(client, post):
    response = client.get(post.get_absolute_url())
    form = select_one(response, "section.feedback form")
    assert (form["method"], form["action"]) == ("post", "/posts/how-do-i-pay/vote/")
    assert not response.cookies  # so the page can be served to every reader from the page cache
    buttons = form.select('button[type="submit"][name="helpful"]')
    assert [(button["value"], button.get_text()) for button in buttons] == [("yes", "Yes"), ("no", "No")]


def test_drafts_previewed_by_staff_have_no_vote_form(staff_client):
    draft = make_post(status=Post.Status.DRAFT)
    assert select(staff_client.get(draft.get_absolute_url()), ".feedback") == []


def test_yes_records_a_vote_and_thanks_the_reader(client, post):
    response = vote(client, post, "yes")
    assert response.status_code == 303
    assert response["Location"] == "/posts/how-do-i-pay/feedback/"
    assert Vote.objects.get().helpful is True
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(response["Location"])
    assert "Thank you for your feedback" in page.content.decode()
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert "<textarea" not in page.content.decode()


def test_no_asks_what_was_missing_and_keeps_the_comment(client, post):
    response = vote(client, post, "no")
    page = client.get(response["Location"]).content.decode()
    assert "Sorry it did not help" in page and "<textarea" in page
    sent = client.post(response["Location"], {"comment": "  The price in euros.  "})
    assert sent.status_code == 303
    stored = Vote.objects.get()
    assert (stored.helpful, stored.comment) == (False, "The price in euros.")
    after = client.get(response["Location"]).content.decode()
    assert "Thank you for your feedback" in after and "<textarea" not in after


def test_a_comment_can_be_sent_only_once(client, post):
    vote(client, post, "no")
    client.post(f"/posts/{post.slug}/feedback/", {"comment": "First"})
    again = client.post(f"/posts/{post.slug}/feedback/", {"comment": "Second"})
    assert again.status_code == 400
    assert "already been sent" in again.content.decode()
    assert Vote.objects.get().comment == "First"


def test_no_comment_after_a_yes(client, post):
    vote(client, post, "yes")
    response = client.post(f"/posts/{post.slug}/feedback/", {"comment": "Sneaky"})
    assert response.status_code == 400
    assert Vote.objects.get().comment == ""


def test_an_over_long_comment_is_refused_with_a_message(client, post):
    vote(client, post, "no")
    response = client.post(f"/posts/{post.slug}/feedback/", {"comment": "x" * 1001})
    assert response.status_code == 400
    assert "at most 1000 characters" in response.content.decode()
    assert Vote.objects.get().comment == ""


def test_one_vote_per_browser(client, post):
    vote(client, post, "yes")
    second = vote(client, post, "no")
    assert second.status_code == 303
    assert "You have already rated this page" in client.get(second["Location"]).content.decode()
    assert Vote.objects.count() == 1
    assert vote(Client(), post, "no").status_code == 303  # another browser
    assert Vote.objects.count() == 2


def test_a_rewrite_starts_a_fresh_count_and_keeps_the_old_votes(client, post):
    vote(client, post, "no")
    old_version = post.content_version
    post.body = "By card or bank transfer."
    post.save()
    assert post.content_version != old_version
    assert vote(client, post, "yes").status_code == 303
    counted = Post.objects.with_vote_counts().get(pk=post.pk)
    assert (counted.helpful_votes, counted.unhelpful_votes) == (1, 0)
    assert Vote.objects.filter(post=post, content_version=old_version, helpful=False).count() == 1


@pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}, {"helpful": ""}])
def test_a_vote_without_yes_or_no_is_refused_with_a_message(client, post, data):
    response = client.post(f"/posts/{post.slug}/vote/", data, headers={"origin": "http://testserver"})
    assert response.status_code == 400
    assert "Choose Yes or No." in response.content.decode()
    assert not Vote.objects.exists()


def test_voting_needs_a_post_request(client, post):
    assert client.get(f"/posts/{post.slug}/vote/").status_code == 405


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example"])
def test_a_vote_sent_from_another_site_is_refused(post, origin):
    response = vote(Client(enforce_csrf_checks=True), post, "yes", origin=origin)
    assert response.status_code == 403
    assert "only accepted from this site" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_without_origin_or_referer_is_refused(post):
    assert Client().post(f"/posts/{post.slug}/vote/", {"helpful": "yes"}).status_code == 403
    assert not Vote.objects.exists()


def test_a_vote_from_this_sites_page_is_counted_by_origin_or_referer(post):
    strict = Client(enforce_csrf_checks=True)
    assert vote(strict, post, "yes").status_code == 303
    referer = {"referer": f"http://testserver{post.get_absolute_url()}"}
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="192.0.2.8")
    assert other.post(f"/posts/{post.slug}/vote/", {"helpful": "no"}, headers=referer).status_code == 303
    assert Vote.objects.count() == 2


def test_unpublished_or_unknown_posts_cannot_be_voted_on(client):
    draft = make_post(status=Post.Status.DRAFT)
    assert vote(client, draft, "yes").status_code == 404
    assert client.post("/posts/no-such-post/vote/", {"helpful": "yes"}).status_code == 404
    assert client.get(f"/posts/{draft.slug}/feedback/").status_code == 404


def test_feedback_page_without_a_vote_sends_the_reader_back_to_the_form(client, post):
    response = client.get(f"/posts/{post.slug}/feedback/")
    assert response.status_code == 302
    assert response["Location"] == "/posts/how-do-i-pay/#feedback"


def test_a_forged_cookie_counts_as_no_vote(client, post):
    client.cookies[COOKIE_NAME] = "eyJ4IjpbMSx0cnVlLGZhbHNlXX0:forged:signature"
    assert client.post(f"/posts/{post.slug}/feedback/", {"comment": "hi"}).status_code == 302
    assert vote(client, post, "yes").status_code == 303
    assert Vote.objects.count() == 1


def test_an_address_is_limited_per_hour(settings, post):
    settings.KB_FEEDBACK_PER_HOUR = 3
    for _ in range(3):
        assert vote(Client(), post, "yes").status_code == 303
    refused = vote(Client(), post, "yes")
    assert refused.status_code == 429
    assert "Please try again later" in refused.content.decode()
    assert Vote.objects.count() == 3
    other_address = Client(REMOTE_ADDR="192.0.2.7")
    assert vote(other_address, post, "yes").status_code == 303


def test_behind_a_proxy_the_forwarded_address_is_limited(settings, post):
    settings.KB_FEEDBACK_PER_HOUR = 1
    settings.KB_TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy), post, "yes").status_code == 303
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy), post, "yes").status_code == 303
    # A made-up address in front of the real one does not escape the limit.
    spoofed = Client(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2", **proxy)
    assert vote(spoofed, post, "yes").status_code == 429


def test_the_vote_form_needs_no_token_and_the_content_security_policy_allows_it(client, post):
    response = client.get(post.get_absolute_url())
    assert "form-action 'self'" in response["Content-Security-Policy"]
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert vote(Client(enforce_csrf_checks=True), post, "yes").status_code == 303


def test_without_a_configured_proxy_a_forwarded_address_is_ignored(settings, post):
    settings.KB_FEEDBACK_PER_HOUR = 1
    settings.KB_TRUSTED_PROXIES = 0
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.1"), post, "yes").status_code == 303
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.2"), post, "yes").status_code == 429


def test_a_comment_sent_after_an_editor_rewrote_the_post_is_kept(client, post):
    vote(client, post, "no")
    form = client.get(f"/posts/{post.slug}/feedback/")
    assert "<textarea" in form.content.decode()
    post.body = "By card or bank transfer."  # saved while the reader was typing
    post.save()
    sent = client.post(f"/posts/{post.slug}/feedback/", {"comment": "The fees."})
    assert sent.status_code == 303
    assert Vote.objects.get().comment == "The fees."
    assert "Thank you for your feedback" in client.get(sent["Location"]).content.decode()
