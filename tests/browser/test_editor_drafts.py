"""Nothing typed in the post form is lost when a save fails: opened again, the form offers it back.

Each test writes in the form, makes the save fail the way it fails in life (the server answers 500,
the connection drops, the session has expired, the CSRF check refuses, someone else saved first),
opens the form again and restores the text. The browser's clock reads 14:02 in Berlin, so the offer
must name the editor's local time.
"""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.urls import reverse
from playwright.sync_api import expect

from posts.admin import PostAdmin
from posts.models import Post
from tests.support.factories import make_author, make_category, make_post, make_superuser

PASSWORD = "a-long-test-password-1"
WRITTEN = {
    "title": "How do I restore last night's backup?",
    "excerpt": "The three steps, and what to check afterwards.",
    "body": "## Before you start\n\nStop the site first.\n\n- Pick the backup\n- Restore it\n",
}
EDITORS_CLOCK = "2026-11-30T13:02:00Z"  # 14:02 in Berlin
OFFER = "Restore the text you were writing at 14:02"


@pytest.fixture
def editor(transactional_db):
    user = make_superuser(username="editor", password=PASSWORD)
    make_author(name="Dana Editor", slug="dana", user=user)
    return user


@pytest.fixture
def post(editor):
    return make_post(title="Backups", excerpt="", body="The text as it was saved.")


@pytest.fixture
def page(new_context, editor):
    # Under the admin's own Content-Security-Policy, which allows no inline script.
    context = new_context(timezone_id="Europe/Berlin", bypass_csp=False)
    context.clock.set_fixed_time(EDITORS_CLOCK)  # timers still run: the copies are written as usual
    page = context.new_page()
    # Leaving a form that holds unsaved text asks first; the editor says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def change_url(live_server, post):
    return live_server.url + reverse("admin:posts_post_change", args=[post.pk])


def log_in(page):
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def open_form(page, url):
    page.goto(url)
    if page.get_by_role("button", name="Log in").count():
        log_in(page)
    expect(page.locator("#post_form")).to_be_visible()


def write(page, text=WRITTEN):
    for name, value in text.items():
        page.locator(f"#id_{name}").fill(value)


def save(page):
    page.locator("input[name=_continue]").first.click()


def saving(page):
    """Waits for the answer to the form's own POST (the editor's preview POSTs too)."""
    url = page.url
    return page.expect_response(lambda response: response.request.method == "POST" and response.url == url)


def expect_form_shows(page, text):
    for name, value in text.items():
        expect(page.locator(f"#id_{name}")).to_have_value(value)


def expect_offer_and_restore(page):
    notice = page.get_by_role("status").filter(has_text="Restore the text")
    expect(notice).to_contain_text(OFFER)
    notice.get_by_role("button", name="Restore").click()
    expect(notice).to_have_count(0)
    expect_form_shows(page, WRITTEN)


def expect_no_offer(page):
    # The offer is put in place (its text a moment later) before the page's load event.
    page.wait_for_load_state()
    expect(page.locator("#post_form")).to_be_visible()
    assert page.locator(".draft-notice").count() == 0


COPIES = "Object.keys(localStorage).filter((key) => key.startsWith('kb.post-draft.')).length"


def kept_copies(page):
    return page.evaluate(COPIES)


def expect_no_copies(page):
    """The page's script clears confirmed copies once it has run, which may be after the message shows."""
    page.wait_for_function(f"{COPIES} === 0", timeout=5000)
    assert kept_copies(page) == 0


def break_the_save(monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(PostAdmin, "save_model", locked)


def test_text_is_restored_after_the_server_answered_500(live_server, page, post, monkeypatch):
    open_form(page, change_url(live_server, post))
    write(page)
    break_the_save(monkeypatch)
    with saving(page) as answer:
        save(page)
    assert answer.value.status == 500
    monkeypatch.undo()

    open_form(page, change_url(live_server, post))
    expect_form_shows(page, {"title": "Backups", "body": "The text as it was saved."})
    expect_offer_and_restore(page)


def test_text_is_restored_after_the_connection_was_lost(live_server, page, post):
    url = change_url(live_server, post)
    open_form(page, url)
    write(page)

    def server_unreachable(route):
        if route.request.method == "POST":
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(url, server_unreachable)
    save(page)
    expect(page.locator("#post_form")).to_have_count(0)  # the browser's own error page
    page.unroute(url)

    open_form(page, url)
    expect_offer_and_restore(page)


def test_text_is_restored_after_logging_in_again_when_the_session_expired(live_server, page, post):
    open_form(page, change_url(live_server, post))
    write(page)
    Session.objects.all().delete()
    save(page)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()

    log_in(page)  # the admin then returns to the form, freshly loaded
    expect(page).to_have_url(change_url(live_server, post))
    expect_offer_and_restore(page)


def test_text_is_restored_after_the_csrf_check_refused_the_save(live_server, page, post):
    open_form(page, change_url(live_server, post))
    write(page)
    page.context.add_cookies([{"name": settings.CSRF_COOKIE_NAME, "value": "x" * 32, "url": live_server.url}])
    with saving(page) as answer:
        save(page)
    assert answer.value.status == 403
    expect(page.get_by_text("CSRF verification failed")).to_be_visible()

    open_form(page, change_url(live_server, post))
    expect_offer_and_restore(page)


def test_text_survives_an_edit_conflict_until_a_save_succeeds(live_server, page, post):
    url = change_url(live_server, post)
    open_form(page, url)
    write(page)
    theirs = Post.objects.get(pk=post.pk)
    theirs.title = "Backups, revised by a colleague"
    theirs.save()
    save(page)
    expect(page.get_by_role("alert").filter(has_text="after you opened it")).to_be_visible()
    expect_form_shows(page, WRITTEN)
    expect_no_offer(page)  # the form shows the text already; the copy stays all the same

    open_form(page, url)
    expect_form_shows(page, {"title": "Backups, revised by a colleague"})
    expect_offer_and_restore(page)
    # The restored text was written against the revision the editor had opened, so saving it shows
    # the colleague's change first; saving again is the deliberate choice.
    save(page)
    expect(page.get_by_role("alert").filter(has_text="after you opened it")).to_be_visible()
    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("changed successfully")
    assert Post.objects.get(pk=post.pk).title == WRITTEN["title"]
    assert kept_copies(page) == 0


def test_discarding_the_offer_keeps_the_saved_text_and_forgets_the_copy(live_server, page, post, monkeypatch):
    url = change_url(live_server, post)
    open_form(page, url)
    write(page)
    break_the_save(monkeypatch)
    save(page)
    expect(page.locator("#post_form")).to_have_count(0)
    monkeypatch.undo()

    open_form(page, url)
    discard = page.get_by_role("status").get_by_role("button", name="Discard")
    discard.focus()  # by keyboard; the focus then goes to the title, not nowhere
    page.keyboard.press("Enter")
    expect(page.get_by_text("Restore the text")).to_have_count(0)
    expect(page.locator("#id_title")).to_be_focused()
    expect_form_shows(page, {"title": "Backups", "body": "The text as it was saved."})
    assert kept_copies(page) == 0
    open_form(page, url)
    expect_no_offer(page)


def test_a_successful_save_leaves_no_offer(live_server, page, post):
    url = change_url(live_server, post)
    open_form(page, url)
    write(page)
    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("changed successfully")
    expect_no_offer(page)
    expect_no_copies(page)

    write(page, {"body": "A second thought."})
    page.locator("input[name=_save]").first.click()  # to the list of posts
    expect(page.locator(".messagelist .success")).to_contain_text("changed successfully")
    expect_no_copies(page)
    open_form(page, url)
    expect_no_offer(page)
    expect_form_shows(page, {**WRITTEN, "body": "A second thought."})


def test_a_new_post_has_its_own_copy_until_it_is_saved(live_server, page, editor, monkeypatch):
    make_category(name="Operations", slug="operations")
    add_url = live_server.url + reverse("admin:posts_post_add")
    open_form(page, add_url)
    write(page)
    break_the_save(monkeypatch)
    page.locator("#id_category").select_option(label="Operations")
    save(page)
    expect(page.locator("#post_form")).to_have_count(0)
    monkeypatch.undo()

    open_form(page, add_url)
    expect_offer_and_restore(page)
    page.locator("#id_category").select_option(label="Operations")
    save(page)
    expect(page.locator(".messagelist .success")).to_contain_text("added successfully")
    assert Post.objects.get().title == WRITTEN["title"]
    open_form(page, add_url)
    expect_no_offer(page)
