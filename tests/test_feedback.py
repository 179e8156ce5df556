"""'Was this helpful?': a plain form, one vote per browser per version of a post, limited per address."""

import pytest
from django.core.cache import cache
from django.test import Client

from feedback.ballot import COOKIE_NAME
from feedback.models import Vote
from posts.models import Post
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def post():
    return make_post(title="How do I pay?", slug="how-do-i-pay", body="By card.")


def vote(client, post, answer):
    return client.post(f"/posts/{post.slug}/vote/", {"helpful": answer})


def test_post_page_has_a_csrf_protected_form_with_two_buttons(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    form = html.split('<section class="feedback"')[1].split("</section>")[0]
    assert '<form method="post" action="/posts/how-do-i-pay/vote/">' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<button type="submit" name="helpful" value="yes">Yes</button>' in form
    assert '<button type="submit" name="helpful" value="no">No</button>' in form


def test_drafts_previewed_by_staff_have_no_vote_form(staff_client):
    draft = make_post(status=Post.Status.DRAFT)
    assert 'class="feedback"' not in staff_client.get(draft.get_absolute_url()).content.decode()


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
    assert Vote.objects.current().filter(post=post).count() == 1
    assert Vote.objects.filter(post=post, content_version=old_version, helpful=False).count() == 1


@pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}, {"helpful": ""}])
def test_a_vote_without_yes_or_no_is_refused_with_a_message(client, post, data):
    response = client.post(f"/posts/{post.slug}/vote/", data)
    assert response.status_code == 400
    assert "Choose Yes or No." in response.content.decode()
    assert not Vote.objects.exists()


def test_voting_needs_a_post_request(client, post):
    assert client.get(f"/posts/{post.slug}/vote/").status_code == 405


def test_voting_without_the_csrf_token_is_refused(post):
    client = Client(enforce_csrf_checks=True)
    assert vote(client, post, "yes").status_code == 403
    assert not Vote.objects.exists()


def test_the_form_works_with_the_token_from_the_page(post):
    client = Client(enforce_csrf_checks=True)
    client.get(post.get_absolute_url())
    token = client.cookies["csrftoken"].value
    response = client.post(f"/posts/{post.slug}/vote/", {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert response.status_code == 303
    assert Vote.objects.count() == 1


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


def test_behind_a_proxy_the_configured_header_gives_the_address(settings, post):
    settings.KB_FEEDBACK_PER_HOUR = 1
    settings.KB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy), post, "yes").status_code == 303
    assert vote(Client(HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy), post, "yes").status_code == 303
    # A made-up address in front of the real one does not escape the limit.
    spoofed = Client(HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.2", **proxy)
    assert vote(spoofed, post, "yes").status_code == 429


def test_a_browser_whose_csrf_cookie_changed_gets_a_fresh_form_not_a_304(client, post):
    first = client.get(post.get_absolute_url())
    assert client.get(post.get_absolute_url(), headers={"if-none-match": first["ETag"]}).status_code == 304
    client.cookies.pop("csrftoken")
    again = client.get(post.get_absolute_url(), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    token = again.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    voted = strict.post(f"/posts/{post.slug}/vote/", {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert voted.status_code == 303
