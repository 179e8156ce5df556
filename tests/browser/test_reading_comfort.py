"""Reading comfort: colour scheme, print, line length, fonts, images that do not shift the text."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import expect

from posts.models import Post
from tests.support.factories import make_post

from .conftest import DESKTOP

# Characters that fit on one line of the element: its width over the average width of its own text.
CHARACTERS_PER_LINE = """(el) => {
  const text = el.textContent;
  const probe = document.createElement('span');
  probe.style.whiteSpace = 'nowrap';
  probe.textContent = text;
  el.appendChild(probe);
  const average = probe.getBoundingClientRect().width / text.length;
  probe.remove();
  const style = getComputedStyle(el);
  return (el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / average;
}"""
BACKGROUND_LUMINANCE = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


def store_png(name, width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, format="PNG")
    return default_storage.url(default_storage.save(name, ContentFile(buffer.getvalue())))


def article_url():
    return Post.objects.published().filter(kind=Post.Kind.ARTICLE).first().get_absolute_url()


def test_colours_follow_the_systems_light_or_dark_setting(demo_content, live_server, page):
    page.emulate_media(color_scheme="light")
    page.goto(live_server.url + "/")
    assert page.evaluate(BACKGROUND_LUMINANCE) > 0.9
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(BACKGROUND_LUMINANCE) < 0.15


def test_printed_post_has_no_navigation_or_sidebar_and_shows_link_addresses(
    transactional_db, live_server, page
):
    post = make_post(body="See [the restore guide](https://example.com/restore) before you start.\n")
    page.goto(live_server.url + post.get_absolute_url())
    page.emulate_media(media="print")
    for hidden in ["header.site-header", "nav.breadcrumbs", "aside.sidebar", "footer.site-footer"]:
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    link = page.locator(".post-body a")
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.com/restore" in after


def test_post_lines_hold_about_70_characters(demo_content, live_server, page):
    page.goto(live_server.url + article_url())
    paragraphs = page.locator(".post-body > p")
    longest = max(paragraphs.all(), key=lambda p: len(p.inner_text()))
    assert 60 <= longest.evaluate(CHARACTERS_PER_LINE) <= 80


def test_text_is_set_in_system_fonts_with_no_web_font_downloads(demo_content, live_server, page):
    page.goto(live_server.url + article_url())
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    assert page.evaluate("document.fonts.size") == 0
    resources = page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    assert [url for url in resources if "font" in url or url.endswith((".woff", ".woff2", ".ttf"))] == []


def test_post_images_keep_their_space_before_loading_and_later_ones_load_lazily(
    transactional_db, live_server, page
):
    first, second = store_png("uploads/first.png", 600, 300), store_png("uploads/second.png", 600, 400)
    filler = "\n\n".join(["A paragraph of text that pushes the second image well below the fold."] * 40)
    post = make_post(body=f"![Chart]({first})\n\n{filler}\n\n![Diagram]({second})\n")
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + post.get_absolute_url())

    chart, diagram = page.get_by_role("img", name="Chart"), page.get_by_role("img", name="Diagram")
    expect(chart).to_have_attribute("width", "600")
    expect(chart).not_to_have_attribute("loading", "lazy")
    expect(diagram).to_have_attribute("height", "400")
    expect(diagram).to_have_attribute("loading", "lazy")
    assert diagram.evaluate("img => img.complete && img.naturalWidth") == 0, "below the fold, not loaded yet"
    box = diagram.bounding_box()
    assert round(box["height"] / box["width"], 2) == round(400 / 600, 2), "its space is kept before it loads"


def test_post_reads_completely_without_javascript(demo_content, live_server, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + article_url())
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".post-body table").first).to_be_visible()
    expect(page.get_by_role("heading", name="Recent posts")).to_be_visible()


def test_table_columns_keep_their_alignment_and_task_lists_show_checkboxes(
    transactional_db, live_server, page
):
    post = make_post(
        body="| Plan | Users | Price |\n|:--|:-:|--:|\n| Team | 5 | 45 |\n\n- [x] Back up\n- [ ] Restore\n"
    )
    response = page.goto(live_server.url + post.get_absolute_url())
    assert "style-src" in response.headers["content-security-policy"]
    cells = page.locator(".post-body td")
    aligns = [cells.nth(i).evaluate("td => getComputedStyle(td).textAlign") for i in range(3)]
    assert aligns == ["left", "center", "right"]
    done, to_do = page.get_by_role("checkbox").all()
    expect(done).to_be_checked()
    expect(done).to_be_disabled()
    expect(to_do).not_to_be_checked()
    box = to_do.bounding_box()
    assert box["width"] > 8 and box["height"] > 8, "the checkbox is drawn"
    bullet = page.locator(".contains-task-list li").first.evaluate("li => getComputedStyle(li).listStyleType")
    assert bullet == "none"
