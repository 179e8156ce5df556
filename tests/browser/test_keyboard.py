"""Keyboard only: the skip link leads to the content, and Tab reaches every control with a focus ring."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import Post

# Marks every element that should take focus, in document order, and returns how many there are.
MARK_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const focusable = [...document.querySelectorAll(selector)].filter(
    (el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0);
  focusable.forEach((el, index) => { el.dataset.focusIndex = index; });
  return focusable.length;
}"""
# What the focused element is and whether a sighted keyboard user can see where focus is.
DESCRIBE_FOCUS = """() => {
  const backgroundBehind = (el) => {
    for (; el; el = el.parentElement) {
      const colour = getComputedStyle(el).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  };
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    index: el.dataset.focusIndex === undefined ? null : Number(el.dataset.focusIndex),
    html: el.outerHTML.slice(0, 120),
    focusVisible: el.matches(':focus-visible'),
    ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    ringColour: style.outlineColor,
    // The ring is drawn outside the element (outline-offset), over whatever the element sits on.
    background: backgroundBehind(el.parentElement),
    onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
  };
}"""


def relative_luminance(css_colour):
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def public_pages():
    post = Post.objects.published().first()
    return {"home": "/", "post": post.get_absolute_url(), "category": post.category.get_absolute_url()}


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(demo_content, live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    assert page.evaluate(DESCRIBE_FOCUS)["onScreen"], "the skip link must appear when focused"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        "the next Tab after the skip link should land inside the main content"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_type", ["home", "post", "category"])
def test_tab_reaches_every_link_and_control_with_a_visible_focus_ring(
    page_type, scheme, demo_content, live_server, page
):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + public_pages()[page_type])
    count = page.evaluate(MARK_FOCUSABLE)
    assert count > 10

    reached = []
    for _ in range(count):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        assert focus["index"] is not None, f"Tab landed on something that is not a control: {focus['html']}"
        assert focus["focusVisible"] and focus["ring"], f"no visible focus ring on {focus['html']}"
        # WCAG 1.4.11: a focus indicator needs 3:1 against what surrounds it.
        assert contrast(focus["ringColour"], focus["background"]) >= 3, f"faint focus ring on {focus['html']}"
        assert focus["onScreen"], f"focused but off screen: {focus['html']}"
        reached.append(focus["index"])
    assert reached == list(range(count)), "Tab should visit every control once, in reading order"
