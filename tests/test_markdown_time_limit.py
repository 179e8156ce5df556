"""Pathological Markdown cannot tie up a worker: past the time limit it is refused, on save and in
the preview. How long such text takes is measured by `make bench-markdown` (bench/markdown_cost.py),
never here; these check the behaviour at a limit low enough that every machine reaches it."""

import threading

import pytest

from posts.markdown import RenderTooSlow, render_markdown
from posts.models import Post
from tests.factories import make_author, make_category, make_post
from tests.test_admin import post_form

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
    from tests.test_revisions import change_form

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
