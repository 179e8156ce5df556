from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Post
from tests.support.factories import make_author, make_category, make_post, make_posts_in_bulk
from tests.support.html import select, select_one
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    category = make_category(name="Management", slug="management")
    author = make_author(name="hemanta", slug="hemanta", job_title="WordPress Developer")
    return make_post(
        title="Project or service management?",
        slug="project-or-service",
        category=category,
        author=author,
        body="## Project management\n\n- has an end\n- has a plan\n",
    )


def test_home_lists_published_posts_and_categories(client, article):
    make_post(title="Hidden draft", status=Post.Status.DRAFT)
    response = client.get("/")
    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert "Hidden draft" not in response.content.decode()
    menu = [(link["href"], link.get_text()) for link in select(response, "nav.site-nav a")]
    assert ("/category/management/", "Management") in menu


@pytest.mark.parametrize("url", ["/", "/category/management/"])
def test_the_menu_marks_the_page_being_shown_and_only_it(client, article, url):
    current = select(client.get(url), 'nav.site-nav a[aria-current="page"]')
    assert [link["href"] for link in current] == [url]


def test_post_page_shows_category_title_body_author_and_dates(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "<h1>Project or service management?</h1>" in html
    assert 'Category: <a href="/category/management/">Management</a>' in html
    assert html.index("Category:") < html.index("<h1>")
    assert "<li>has an end</li>" in html
    author_link = select_one(html, 'a[rel="author"]')
    assert (author_link["href"], author_link.get_text()) == ("/author/hemanta/", "hemanta")
    assert "WordPress Developer" in html
    assert f'<time datetime="{article.published_at.isoformat(timespec="seconds")}">' in html
    assert 'aria-label="Breadcrumb"' in html


def test_post_page_shows_updated_date_after_a_later_edit(client, article):
    Post.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(days=30))
    response = client.get(article.get_absolute_url())
    assert "Updated <time" in response.content.decode()


def test_category_page_lists_only_its_published_posts(client, article):
    other = make_post(title="Elsewhere")
    draft = make_post(title="Unfinished", category=article.category, status=Post.Status.DRAFT)
    response = client.get("/category/management/")
    assert response.status_code == 200
    html = response.content.decode()
    assert article.title in html
    assert other.title not in html.split('<aside class="sidebar"')[0]
    assert draft.title not in html


def test_author_page_shows_name_job_title_and_posts(client, article):
    response = client.get("/author/hemanta/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>hemanta</h1>" in html
    assert "WordPress Developer" in html
    assert article.title in html


def test_lists_are_newest_first_and_paginated(client):
    category = make_category()
    now = timezone.now()
    for day in range(12):
        make_post(title=f"Day {day} post", category=category, published_at=now - timedelta(days=day))
    first = client.get(category.get_absolute_url()).content.decode()
    assert first.index("Day 0 post") < first.index("Day 1 post")
    assert "Day 11 post" not in first.split('<aside class="sidebar"')[0]
    second = client.get(category.get_absolute_url() + "?page=2")
    assert second.status_code == 200
    assert "Day 11 post" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "9999999999999999999999"])
@pytest.mark.parametrize("url", ["/", "/category/management/", "/author/hemanta/"])
def test_bad_page_numbers_give_404(client, article, url, page):
    assert client.get(url, {"page": page}).status_code == 404


@pytest.mark.parametrize("url", ["/posts/no-such-post/", "/category/nope/", "/author/nobody/"])
def test_unknown_slugs_give_404_in_the_site_layout(client, article, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Recent posts" in response.content.decode()


def test_draft_and_scheduled_posts_are_404_to_the_public(client):
    draft = make_post(status=Post.Status.DRAFT)
    scheduled = make_post(published_at=timezone.now() + timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_with_a_banner(staff_client):
    draft = make_post(status=Post.Status.DRAFT, title="Work in progress")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft</strong> — only staff can see this page." in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_staff_see_a_scheduled_banner_on_a_future_post(staff_client):
    post = make_post(published_at=timezone.now() + timedelta(days=2))
    response = staff_client.get(post.get_absolute_url())
    assert "Scheduled for" in response.content.decode()


def test_public_post_has_no_banner_for_staff(staff_client, article):
    assert "only staff can see" not in staff_client.get(article.get_absolute_url()).content.decode()


def sidebar_entries(page):
    return select(page, "aside.sidebar li")


def test_sidebar_shows_the_six_newest_published_posts_in_order(client):
    now = timezone.now()
    posts = [make_post(title=f"Recent {i}", published_at=now - timedelta(days=i)) for i in range(8)]
    make_post(title="Not yet", published_at=now + timedelta(days=1))
    make_post(title="Draft one", status=Post.Status.DRAFT)
    entries = sidebar_entries(client.get("/"))
    assert [entry.a.get_text(strip=True) for entry in entries] == [f"Recent {i}" for i in range(6)]
    assert entries[0].a["href"] == posts[0].get_absolute_url()


def test_sidebar_excerpts_are_cut_with_an_ellipsis_and_show_age_in_words(client):
    make_post(
        title="Old answer",
        body="A long answer " * 40,
        published_at=timezone.now() - timedelta(days=95),
    )
    (entry,) = sidebar_entries(client.get("/"))
    assert entry.p.get_text().endswith("…")
    assert entry.time.get_text() == "3\xa0months ago"  # timesince keeps number and unit together
    assert entry.time["datetime"]


def test_sidebar_is_on_every_public_page(client, article):
    for url in ["/", article.get_absolute_url(), "/category/management/", "/author/hemanta/"]:
        assert "Recent posts" in client.get(url).content.decode()


def test_stylesheet_is_linked(client, article):
    assert select_one(client.get("/"), 'link[rel="stylesheet"]')["href"] == "/static/css/site.css"


@pytest.mark.parametrize("path", ["/", "post", "/category/management/", "/author/hemanta/"])
def test_queries_per_page_are_few_and_do_not_grow_with_posts(client, article, path, settings):
    settings.PAGE_CACHE = False
    url = article.get_absolute_url() if path == "post" else path
    make_posts_in_bulk(4, article.category, article.author)
    few = count_queries(client, url)
    fill_more = 200
    Post.objects.filter(slug__startswith="bulk-").delete()
    make_posts_in_bulk(fill_more, article.category, article.author)
    many = count_queries(client, url)
    assert few == many
    assert many <= 4  # with related posts: the post, its tags, its related posts
