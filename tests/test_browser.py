"""In a real browser: the policy blocks nothing the site needs (JSON-LD blocks included), the admin's
editor still previews under its policy, and leaving the edit page with unsaved text asks first."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.support.factories import make_post, make_superuser
from tests.support.system_services import require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

# The live server needs committed data. pytest-django runs these tests after all others, so the
# flush after each (which drops the groups the migrations made) cannot affect another test.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), "Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests themselves stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def browser_page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.policy_violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.policy_violations.append(message.text)
        ),
    )
    yield page
    context.close()


def log_in(page, live_server):
    client = Client()
    client.force_login(make_superuser())
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_public_pages_load_with_nothing_blocked(browser_page, live_server):
    post = make_post(body="Some **bold** text and a [link](https://example.com/).")
    for url in ["/", post.get_absolute_url()]:
        browser_page.goto(live_server.url + url)
        assert browser_page.locator("link[rel=stylesheet]").count() == 1
        # The site's stylesheet applied: the skip link sits off screen until focused.
        assert (
            browser_page.locator(".skip-link").bounding_box()["y"] < 0
            or not browser_page.locator(".skip-link").is_visible()
        )
    assert browser_page.policy_violations == []


def test_a_json_ld_block_is_not_blocked_by_the_policy_but_an_inline_script_is(browser_page, live_server):
    post = make_post()
    served = Client().get(post.get_absolute_url())
    json_ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Article"}</script>'
    )
    inline = "<script>document.title = 'injected'</script>"
    page_html = served.content.decode().replace("</head>", json_ld + inline + "</head>")

    def serve_with_the_sites_headers(route):
        route.fulfill(
            status=200,
            headers={
                "Content-Type": "text/html",
                "Content-Security-Policy": served["Content-Security-Policy"],
            },
            body=page_html,
        )

    browser_page.route(live_server.url + "/with-json-ld/", serve_with_the_sites_headers)
    browser_page.goto(live_server.url + "/with-json-ld/")
    blocks = browser_page.evaluate(
        "Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'),"
        " (block) => JSON.parse(block.textContent))"
    )
    assert len(blocks) >= 2  # the post page's own structured data, then the added block
    assert blocks[-1] == {"@context": "https://schema.org", "@type": "Article"}
    assert browser_page.title() != "injected"
    assert len(browser_page.policy_violations) == 1  # the inline script, and only it
    assert "inline script" in browser_page.policy_violations[0]


def test_admin_editor_previews_under_the_admin_policy(browser_page, live_server):
    post = make_post(body="Start.")
    log_in(browser_page, live_server)
    browser_page.goto(f"{live_server.url}/admin/posts/post/{post.pk}/change/")
    browser_page.fill("textarea[name=body]", "Now *emphasised*.")
    browser_page.locator("textarea[name=body]").press("End")
    browser_page.wait_for_selector(".markdownx-preview em", timeout=10_000)
    assert browser_page.locator(".markdownx-preview em").inner_text() == "emphasised"
    assert browser_page.policy_violations == []


def test_leaving_the_edit_page_asks_first_only_when_something_was_typed(browser_page, live_server):
    post = make_post()
    log_in(browser_page, live_server)
    url = f"{live_server.url}/admin/posts/post/{post.pk}/change/"
    browser_page.goto(url)
    browser_page.goto(live_server.url + "/admin/")  # untouched: leaves without asking
    assert browser_page.url.endswith("/admin/")

    browser_page.goto(url)
    browser_page.click("input[name=title]")
    browser_page.keyboard.type(" changed")
    with browser_page.expect_event("dialog") as asked:
        browser_page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
