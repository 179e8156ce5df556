"""Reading aids on the post page and the pages that group posts: table of contents, reading time,
tags, previous and next, "last reviewed", and the FAQ page of a category."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from posts.models import Post, Tag
from posts.reading import reading_minutes, table_of_contents
from tests.support.factories import make_category, make_post, make_posts_in_bulk
from tests.support.html import select
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

THREE_HEADINGS = "Intro.\n\n# First part\n\nText.\n\n### A detail\n\nMore.\n\n## Second part\n\nEnd.\n"


def main(html):
    return html.split('<aside class="sidebar"')[0]


def test_post_with_three_headings_has_a_table_of_contents_linking_to_them(client):
    post = make_post(body=THREE_HEADINGS)
    html = client.get(post.get_absolute_url()).content.decode()
    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)">([^<]+)</a>', toc) == [
        ("first-part", "First part"),
        ("a-detail", "A detail"),
        ("second-part", "Second part"),
    ]
    assert '<h2 id="first-part">First part <a class="heading-anchor" href="#first-part"' in html
    assert 'class="toc-level-3"' in toc


def test_post_with_two_headings_has_no_table_of_contents(client):
    post = make_post(body="## One\n\nText.\n\n## Two\n\nText.\n")
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'class="toc"' not in html
    assert 'href="#one"' in html  # every heading still links to itself


def test_table_of_contents_is_stored_on_save_and_follows_edits():
    post = make_post(body=THREE_HEADINGS)
    assert [heading["id"] for heading in post.toc] == ["first-part", "a-detail", "second-part"]
    post.body = "No headings any more."
    post.save()
    post.refresh_from_db()
    assert post.toc == []


def test_table_of_contents_text_is_plain_and_escaped_on_the_page(client):
    post = make_post(body="## Use `<b>` & *stars*\n\n## Two\n\n## Three\n")
    assert post.toc[0]["text"] == "Use <b> & stars"
    html = client.get(post.get_absolute_url()).content.decode()
    assert ">Use &lt;b&gt; &amp; stars</a></li>" in html


def test_headings_without_text_or_id_are_left_out_of_the_contents():
    html = '<h2 id="a">A</h2><h2>No id</h2><h3 id="b">B</h3><h4 id="c">C</h4><h5 id="d">D</h5>'
    assert [heading["id"] for heading in table_of_contents(html)] == ["a", "b", "c"]


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (50, 1), (200, 1), (201, 2), (1000, 5)])
def test_reading_time_is_whole_minutes_at_200_words_a_minute(words, minutes):
    assert reading_minutes("<p>" + "word " * words + "</p>") == minutes


def test_reading_time_is_shown_on_the_post(client):
    post = make_post(body="word " * 450)
    assert "· 3 min read" in client.get(post.get_absolute_url()).content.decode()


def test_tags_are_listed_on_the_post_and_lead_to_their_page(client):
    billing = Tag.objects.create(name="Billing", slug="billing")
    tagged = make_post(title="Invoices explained")
    tagged.tags.add(billing)
    draft = make_post(title="Unpublished invoices", status=Post.Status.DRAFT)
    draft.tags.add(billing)
    untagged = make_post(title="Something else")
    html = client.get(tagged.get_absolute_url()).content.decode()
    assert 'Tags:\n  <a href="/tag/billing/" rel="tag">Billing</a>' in html
    page = client.get("/tag/billing/")
    assert page.status_code == 200
    listed = main(page.content.decode())
    assert "<h1>Tag: Billing</h1>" in listed
    assert "Invoices explained" in listed
    assert "Unpublished invoices" not in listed and untagged.title not in listed


def test_unknown_tag_is_404(client):
    assert client.get("/tag/nothing-here/").status_code == 404


def test_previous_and_next_stay_in_the_category_and_skip_unpublished_posts(client):
    category, elsewhere = make_category(), make_category()
    now = timezone.now()
    older = make_post(title="Older one", category=category, published_at=now - timedelta(days=3))
    current = make_post(title="Middle one", category=category, published_at=now - timedelta(days=2))
    newer = make_post(title="Newer one", category=category, published_at=now - timedelta(days=1))
    make_post(title="Draft between", category=category, status=Post.Status.DRAFT)
    make_post(title="Scheduled later", category=category, published_at=now + timedelta(days=1))
    make_post(title="Other category", category=elsewhere, published_at=now - timedelta(hours=1))
    response = client.get(current.get_absolute_url())
    assertContains(
        response,
        f'<a rel="prev" href="{older.get_absolute_url()}"><span>← Previous</span> Older one</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a rel="next" href="{newer.get_absolute_url()}"><span>Next →</span> Newer one</a>',
        html=True,
    )
    last = client.get(newer.get_absolute_url())
    assert select(last, 'a[rel="next"]') == []
    assert [link.get_text() for link in select(last, 'a[rel="prev"]')] == ["← Previous Middle one"]


def test_posts_published_at_the_same_moment_still_have_an_order(client):
    category = make_category()
    moment = timezone.now() - timedelta(days=1)
    first, second = (make_post(category=category, published_at=moment) for _ in range(2))
    page = client.get(first.get_absolute_url())
    assert [link["href"] for link in select(page, 'a[rel="next"]')] == [second.get_absolute_url()]
    assert select(page, 'a[rel="prev"]') == []


def test_a_lone_post_has_no_previous_or_next(client):
    post = make_post()
    assert "post-neighbours" not in client.get(post.get_absolute_url()).content.decode()


def test_last_reviewed_date_is_shown_beside_the_dates(client):
    post = make_post()
    post.mark_reviewed(on=date(2026, 3, 4))
    html = client.get(post.get_absolute_url()).content.decode()
    assert '· Last reviewed <time datetime="2026-03-04">4 March 2026</time>' in html


def test_never_reviewed_post_shows_no_review_date(client):
    assert "Last reviewed" not in client.get(make_post().get_absolute_url()).content.decode()


@pytest.fixture
def faq_category():
    category = make_category(name="Billing", slug="billing")
    make_post(title="How do I pay?", kind=Post.Kind.FAQ, category=category, body="By **card**.")
    make_post(title="Can I get a refund?", kind=Post.Kind.FAQ, category=category, body="Yes, in 30 days.")
    make_post(title="Draft question?", kind=Post.Kind.FAQ, category=category, status=Post.Status.DRAFT)
    make_post(title="An article, not a question", category=category)
    make_post(title="Question elsewhere?", kind=Post.Kind.FAQ)
    return category


def test_faq_page_lists_every_published_question_with_its_answer(client, faq_category):
    response = client.get("/category/billing/faq/")
    assert response.status_code == 200
    html = main(response.content.decode())
    assert html.count("<details") == 2
    assert "<summary>Can I get a refund?</summary>" in html
    answer = '<div class="post-body"><p>By <strong>card</strong>.</p>'
    assert re.search(r"<summary>How do I pay\?</summary>\s*" + re.escape(answer), html)
    assert html.index("Can I get a refund?") < html.index("How do I pay?")
    assert 'href="/posts/' in html and "Open “How do I pay?” on its own page" in html
    for absent in ["Draft question?", "An article, not a question", "Question elsewhere?"]:
        assert absent not in html
    assert re.findall(r"<script[^>]*>", html) == ['<script type="application/ld+json">']  # no JavaScript


def test_category_page_links_to_its_faq_page_only_when_it_has_questions(client, faq_category):
    assert 'href="/category/billing/faq/"' in client.get("/category/billing/").content.decode()
    empty = make_category(slug="empty")
    assert "/faq/" not in client.get(empty.get_absolute_url()).content.decode()


def test_faq_page_of_a_category_without_questions_says_so(client):
    make_category(slug="quiet")
    response = client.get("/category/quiet/faq/")
    assert response.status_code == 200
    assert "No questions have been answered in this category yet." in response.content.decode()


def test_faq_page_of_an_unknown_category_is_404(client):
    assert client.get("/category/none/faq/").status_code == 404


@pytest.mark.parametrize("page", ["post", "tag", "faq"])
def test_new_pages_use_few_queries_whatever_the_number_of_posts(client, page):
    post = make_post(kind=Post.Kind.FAQ, body=THREE_HEADINGS)
    post.tags.add(Tag.objects.create(name="One", slug="one"), Tag.objects.create(name="Two", slug="two"))
    url = {"post": post.get_absolute_url(), "tag": "/tag/one/", "faq": post.category.get_faq_url()}[page]
    make_posts_in_bulk(4, post.category, post.author)
    few = count_queries(client, url)
    Post.objects.filter(slug__startswith="bulk-").delete()
    make_posts_in_bulk(200, post.category, post.author)
    # The post page adds one query of its own, for its related posts.
    assert count_queries(client, url) == few <= (6 if page == "post" else 5)


def test_a_review_or_a_new_tag_gives_the_post_page_a_new_etag(client):
    post = make_post()
    etag = client.get(post.get_absolute_url())["ETag"]
    post.mark_reviewed(on=date(2026, 3, 4))
    reviewed = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert reviewed.status_code == 200 and "Last reviewed" in reviewed.content.decode()
    post.tags.add(Tag.objects.create(name="Fresh", slug="fresh"))
    tagged = client.get(post.get_absolute_url(), headers={"if-none-match": reviewed["ETag"]})
    assert tagged.status_code == 200 and 'rel="tag">Fresh</a>' in tagged.content.decode()


def test_tag_and_faq_pages_have_their_own_title_canonical_and_structured_data(client, faq_category):
    import json

    Tag.objects.create(name="Billing help", slug="billing-help").posts.add(*Post.objects.all())
    tag_page = client.get("/tag/billing-help/").content.decode()
    assert "<title>Tag: Billing help · " in tag_page
    assert '<link rel="canonical" href="http://testserver/tag/billing-help/">' in tag_page
    faq_page = client.get("/category/billing/faq/").content.decode()
    assert "<title>Billing: frequently asked questions · " in faq_page
    assert '<link rel="canonical" href="http://testserver/category/billing/faq/">' in faq_page
    data = json.loads(faq_page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    faq = next(node for node in data["@graph"] if node["@type"] == "FAQPage")
    assert [question["name"] for question in faq["mainEntity"]] == ["Can I get a refund?", "How do I pay?"]
