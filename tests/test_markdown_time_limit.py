"""Pathological Markdown cannot tie up a worker: past the time limit it is refused, on save and in
the preview. How long such text takes is measured by `make bench-markdown` (bench/markdown_cost.py),
never here; these check the behaviour at a limit low enough that every machine reaches it."""

import threading
import time

import pytest

from posts.markdown import RenderTooSlow, render_markdown
from posts.models import Post
from tests.support.admin_forms import change_form, post_form
from tests.support.factories import make_author, make_category, make_post

pytestmark = pytest.mark.django_db

# Each takes markdown-it-py or the sanitiser seconds at 100,000 characters.
UNCLOSED_BRACKETS = "![" * 50_000
REPEATED_HEADINGS = "# a\n" * 25_000
NESTED_RAW_HTML = "<ul>" * 25_000


@pytest.fixture
def low_limit(settings):
    settings.KB_MARKDOWN_TIME_LIMIT = 0.3


@pytest.mark.parametrize("text", [UNCLOSED_BRACKETS, REPEATED_HEADINGS, NESTED_RAW_HTML])
def test_pathological_markdown_is_stopped_at_the_time_limit(low_limit, text):
    with pytest.raises(RenderTooSlow):
        render_markdown(text)


def test_the_limit_holds_off_the_main_thread_too(settings):
    outcome = []

    def render(text):
        try:
            outcome.append(render_markdown(text))
        except RenderTooSlow:
            outcome.append("refused")

    # A generous limit for the plain text, so a busy machine cannot make it look slow.
    for text, limit in [(UNCLOSED_BRACKETS, 0.3), ("Plain *text*.", 30)]:
        settings.KB_MARKDOWN_TIME_LIMIT = limit
        worker = threading.Thread(target=render, args=(text,))
        worker.start()
        worker.join()
    assert outcome == ["refused", "<p>Plain <em>text</em>.</p>\n"]


def test_a_request_thread_renders_without_starting_a_process(settings, monkeypatch):
    """gunicorn's threaded workers render on a request thread; a fork per preview would cost more
    than the rendering itself."""
    import multiprocessing

    def no_fork(*args, **kwargs):
        raise AssertionError("a process was started to render ordinary Markdown")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    settings.KB_MARKDOWN_TIME_LIMIT = 30
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(render_markdown("# Title\n\nSome *text*.")))
    worker.start()
    worker.join()
    assert outcome and "<em>text</em>" in outcome[0]


def test_a_refused_render_leaves_nothing_pending_in_its_thread(low_limit):
    """After the limit stopped one render, the same thread carries on normally: no late stop
    surfaces in whatever it runs next (the next request on a worker thread)."""
    outcome = []

    def render_then_work():
        try:
            render_markdown(UNCLOSED_BRACKETS)
        except RenderTooSlow:
            outcome.append("refused")
        deadline = time.monotonic() + 0.5  # longer than the watchdog's 50 ms between attempts
        busy = 0
        while time.monotonic() < deadline:
            busy += 1
        outcome.append(render_markdown("Plain."))

    worker = threading.Thread(target=render_then_work)
    worker.start()
    worker.join()
    assert outcome == ["refused", "<p>Plain.</p>\n"]


def test_raw_html_beyond_the_in_process_allowance_still_renders_and_is_sanitised(settings):
    settings.KB_MARKDOWN_TIME_LIMIT = 30
    html = render_markdown("<p>ok</p>" * 600 + "<script>alert(1)</script><img src=x onerror=alert(1)>")
    assert html.count("<p>ok</p>") == 600
    assert "<script" not in html and "onerror" not in html


def test_admin_refuses_to_save_a_body_that_takes_too_long(staff_client, low_limit):
    response = staff_client.post(
        "/admin/posts/post/add/", post_form(make_category(), make_author(), body=UNCLOSED_BRACKETS)
    )
    assert response.status_code == 200
    assert "This text takes more than 0.3 seconds to format" in response.content.decode()
    assert not Post.objects.exists()


def test_an_existing_post_keeps_its_text_when_a_slow_edit_is_refused(staff_client, low_limit):
    post = make_post(body="Fine.")
    response = staff_client.post(
        f"/admin/posts/post/{post.pk}/change/", change_form(post, body=REPEATED_HEADINGS)
    )
    assert response.status_code == 200
    assert "takes more than 0.3 seconds" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Fine."


def test_preview_answers_with_a_message_instead_of_hanging(staff_client, low_limit):
    response = staff_client.post("/editor/preview/", {"content": NESTED_RAW_HTML})
    assert response.status_code == 200
    assert "takes more than 0.3 seconds to format" in response.content.decode()
