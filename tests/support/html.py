"""Pages read as a browser would: parsed, then queried with CSS selectors.

For checks where the markup's structure is the point (an attribute on an element, what sits
inside what, whether an element is there at all); plain text on a page is checked as text.
"""

from bs4 import BeautifulSoup


def parse(page):
    """A parsed document from a response or an HTML string."""
    if hasattr(page, "content"):
        page = page.content.decode()
    return BeautifulSoup(page, "html.parser")


def select(page, selector):
    """Every element in `page` that matches the CSS `selector`."""
    return parse(page).select(selector)


def select_one(page, selector):
    """The one element in `page` that matches `selector`; fails when there are none or several."""
    found = select(page, selector)
    assert len(found) == 1, f"{len(found)} elements match {selector!r}"
    return found[0]
