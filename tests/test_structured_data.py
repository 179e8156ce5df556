"""JSON-LD: Article, FAQPage and BreadcrumbList, embedded so no post text can break out of it."""

import pytest
from django.core.management import call_command

from posts.models import Post
from tests.support.factories import make_author, make_category, make_post
from tests.support.head import head_of, parse_head

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture
def category():
    return make_category(name="Management", slug="management")


@pytest.fixture
def author():
    return make_author(name="hemanta", slug="hemanta", job_title="WordPress Developer")


def test_article_has_the_fields_search_engines_read(client, category, author):
    post = make_post(
        title="Project or service management?",
        slug="project-or-service",
        category=category,
        author=author,
        excerpt="Projects end; services go on.",
    )
    (article,) = head_of(client, post.get_absolute_url()).nodes("Article")
    url = f"{ORIGIN}/posts/project-or-service/"
    assert article["headline"] == "Project or service management?"
    assert article["description"] == "Projects end; services go on."
    assert article["author"] == {
        "@type": "Person",
        "name": "hemanta",
        "jobTitle": "WordPress Developer",
        "url": f"{ORIGIN}/author/hemanta/",
    }
    assert article["datePublished"] == post.published_at.isoformat()
    assert article["dateModified"] == post.updated_at.isoformat()
    assert article["publisher"]["@type"] == "Organization"
    assert article["publisher"]["name"] == "Knowledge Base"
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["articleSection"] == "Management"


def test_faq_post_is_an_faq_page_with_its_answer(client, category, author):
    post = make_post(
        kind=Post.Kind.FAQ,
        title="Who works on my product?",
        category=category,
        author=author,
        body="A **small team** that stays with you.",
    )
    head = head_of(client, post.get_absolute_url())
    (faq,) = head.nodes("FAQPage")
    (question,) = faq["mainEntity"]
    assert question["@type"] == "Question"
    assert question["name"] == "Who works on my product?"
    assert question["acceptedAnswer"]["@type"] == "Answer"
    assert question["acceptedAnswer"]["text"] == "<p>A <strong>small team</strong> that stays with you.</p>\n"
    assert head.nodes("Article") == []


def test_breadcrumbs_on_post_category_and_author_pages(client, category, author):
    post = make_post(title="A post", slug="a-post", category=category, author=author)

    def trail(url):
        (crumbs,) = head_of(client, url).nodes("BreadcrumbList")
        return [(item["position"], item["name"], item["item"]) for item in crumbs["itemListElement"]]

    home = (1, "Home", f"{ORIGIN}/")
    assert trail(post.get_absolute_url()) == [
        home,
        (2, "Management", f"{ORIGIN}/category/management/"),
        (3, "A post", f"{ORIGIN}/posts/a-post/"),
    ]
    assert trail("/category/management/") == [home, (2, "Management", f"{ORIGIN}/category/management/")]
    assert trail("/author/hemanta/") == [home, (2, "hemanta", f"{ORIGIN}/author/hemanta/")]


def test_home_page_describes_the_website(client, category):
    make_post(category=category)
    (website,) = head_of(client, "/").nodes("WebSite")
    assert website["name"] == "Knowledge Base"
    assert website["url"] == f"{ORIGIN}/"


BREAKOUT = "</script><script>alert(1)</script>"


@pytest.mark.parametrize("kind", [Post.Kind.ARTICLE, Post.Kind.FAQ])
def test_a_title_that_closes_the_script_stays_data(client, category, author, kind):
    post = make_post(
        kind=kind,
        title=f"Tricky {BREAKOUT} title",
        excerpt=f"Excerpt {BREAKOUT} <!-- &amp;",
        body="Body text.",
        category=category,
        author=author,
    )
    html = client.get(post.get_absolute_url()).content.decode()
    head = parse_head(html)
    assert len(head.json_ld_scripts) == 1
    assert html.count('<script type="application/ld+json">') == 1
    # The only script elements are the JSON-LD one: the title opened none of its own.
    assert head.script_count == 1
    assert "<script>alert(1)" not in html
    main = head.json_ld[0]
    name = main["headline"] if kind == Post.Kind.ARTICLE else main["mainEntity"][0]["name"]
    assert name == f"Tricky {BREAKOUT} title"
    crumbs = head.nodes("BreadcrumbList")[0]["itemListElement"]
    assert crumbs[-1]["name"] == f"Tricky {BREAKOUT} title"


def test_demo_posts_have_structured_data_for_their_kind(client):
    call_command("loaddemo")
    for post in Post.objects.published():
        head = head_of(client, post.get_absolute_url())
        expected = "FAQPage" if post.kind == Post.Kind.FAQ else "Article"
        assert len(head.nodes(expected)) == 1, post.slug
        assert len(head.nodes("BreadcrumbList")) == 1, post.slug
