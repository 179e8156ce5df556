"""axe-core finds no WCAG 2.2 AA violation on any public page type, in light and dark schemes."""

import pytest

from posts.models import Post
from tests.support.factories import make_post

from .conftest import describe_violations

SCHEMES = ["light", "dark"]


def first_post(kind):
    return Post.objects.published().filter(kind=kind).first()


PAGES = {
    "home": lambda: "/",
    "article": lambda: first_post(Post.Kind.ARTICLE).get_absolute_url(),
    "faq post": lambda: first_post(Post.Kind.FAQ).get_absolute_url(),
    "category": lambda: first_post(Post.Kind.FAQ).category.get_absolute_url(),
    "author": lambda: first_post(Post.Kind.ARTICLE).author.get_absolute_url(),
    "404": lambda: "/posts/no-such-post/",
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_type", PAGES)
def test_page_has_no_accessibility_violations(page_type, scheme, demo_content, live_server, page, axe):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + PAGES[page_type]())
    violations = axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_have_no_accessibility_violations(scheme, demo_content, live_server, page, axe):
    response = page.goto(live_server.url + "/search/?q=project")
    if response.status == 404:
        pytest.skip("the site has no /search/ page yet (issue 4)")
    page.emulate_media(color_scheme=scheme)
    violations = axe(page)
    assert violations == [], describe_violations(violations)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_task_lists_and_aligned_tables_have_no_accessibility_violations(
    scheme, transactional_db, live_server, page, axe
):
    post = make_post(body="- [x] Back up\n- [ ] Restore\n\n| Plan | Price |\n|:--|--:|\n| Team | 45 |\n")
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + post.get_absolute_url())
    violations = axe(page)
    assert violations == [], describe_violations(violations)
