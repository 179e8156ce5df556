"""Fixtures for tests that drive a real browser: Debian's Chromium through Playwright.

Playwright never downloads a browser here; it launches /usr/bin/chromium (packages `chromium` and
`chromium-driver`). Pages are served by pytest-django's `live_server`. When a test fails, every page
it had open is saved to test-artifacts/ as a screenshot and as HTML, and the paths are printed in
the failure report so a CI log points straight at them.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.support.system_services import require

CHROMIUM = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# The success criteria of WCAG 2.0, 2.1 and 2.2 at levels A and AA, as axe-core tags them.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.is_file(), f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # A loaded CI machine can take a few seconds for a preview or an upload round trip.
    expect.set_options(timeout=10_000)

    with pytest.MonkeyPatch.context() as env, sync_playwright() as playwright:
        # Playwright's sync API keeps an asyncio event loop running in the main thread, which makes
        # Django refuse ORM calls (SynchronousOnlyOperation) in the tests. The tests are plain
        # synchronous code, so the check guards nothing here; it is switched off only while the
        # browser runs, so the rest of the suite (and any process it starts) keeps it.
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, request):
    """Opens browser contexts (separate cookie jars) that are closed after the test."""
    contexts = []
    request.node.browser_contexts = contexts

    def open_context(**options):
        # bypass_csp lets axe-core be injected into pages that send a Content-Security-Policy.
        context = browser.new_context(**{"viewport": DESKTOP, "bypass_csp": True, **options})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def demo_content(transactional_db):
    call_command("loaddemo", stdout=io.StringIO())


@pytest.fixture(scope="session")
def axe_source():
    require(AXE_JS.is_file(), f"axe-core is not installed at {AXE_JS}: run `npm ci` (make test does)")
    return AXE_JS.read_text()


@pytest.fixture
def axe(axe_source):
    """axe(page) runs axe-core in the page at WCAG 2.2 AA and returns its violations."""

    def run(page):
        page.add_script_tag(content=axe_source)
        options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
        return page.evaluate("(options) => axe.run(document, options)", options)["violations"]

    return run


def describe_violations(violations):
    """One line per failing element, readable in a test failure."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} — {violation['help']}")
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        saved = save_open_pages(item)
        if saved:
            report.sections.append(("browser artifacts", "\n".join(saved)))
    return report


def save_open_pages(item):
    """Screenshot and HTML of every page the failed test still had open."""
    contexts = getattr(item, "browser_contexts", [])
    pages = [page for context in contexts for page in context.pages]
    if not pages:
        return []
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid)[-150:]
    saved = []
    for number, page in enumerate(pages, 1):
        base = ARTIFACTS / f"{stem}-{number}"
        try:
            page.screenshot(path=f"{base}.png", full_page=True)
            Path(f"{base}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # a crashed page must not hide the test's own failure
            saved.append(f"could not save {page.url}: {exc}")
            continue
        saved.append(f"{page.url} -> {base}.png, {base}.html")
    return saved
