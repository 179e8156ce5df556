"""`import_wordpress`: a WordPress export comes in as posts, its old addresses answer 301, and a
second run changes nothing. The export in tests/data is hand-made after WordPress 6.6's exporter."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from addresses.models import OldAddress
from posts.models import Author, Category, Post, Tag
from tests.support.factories import make_post
from wordpress.convert import html_to_markdown

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "data" / "wordpress-export.xml"


def run_import(*args, path=EXPORT, stdout=None):
    stdout = stdout or io.StringIO()
    call_command("import_wordpress", str(path), *args, stdout=stdout)
    return stdout.getvalue()


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at" if model is Post else "pk"))
        for model in (Post, Author, Category, Tag, OldAddress)
    }


def test_posts_and_pages_come_in_with_authors_categories_tags_dates_and_status():
    run_import()
    assert Post.objects.count() == 6
    post = Post.objects.get(slug="reset-password")
    assert post.title == "How do I reset my password?"
    assert post.author.name == "José Müller"
    assert post.category.name == "Account & billing"
    assert sorted(post.tags.values_list("name", flat=True)) == ["Développement", "Passwords", "Sécurité"]
    assert post.excerpt == "Set a new password from the sign-in page in under a minute."
    assert post.status == Post.Status.PUBLISHED and post.is_public
    assert post.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert post.updated_at == datetime(2024, 6, 10, 13, 0, tzinfo=UTC)
    page = Post.objects.get(slug="about")
    assert page.category.name == "Pages" and page.is_public
    assert Post.objects.get(slug="price-changes").published_at.year == 2099  # scheduled, not public
    assert not Post.objects.get(slug="price-changes").is_public
    for draft_slug in ["two-factor-sign-in-draft", "refund-policy"]:
        assert Post.objects.get(slug=draft_slug).status == Post.Status.DRAFT
    assert not Post.objects.filter(title__in=["Old announcement", "reset-form", "Help"]).exists()


def test_html_becomes_markdown_with_lists_headings_links_images_and_non_ascii_text():
    run_import()
    body = Post.objects.get(slug="reset-password").body
    assert "## Reset it from the sign-in page" in body
    assert "### Didn’t get the e-mail?" in body
    assert "1. Open [the sign-in page](https://app.example.com/sign-in)." in body
    assert "- Check your spam folder." in body
    assert "![The reset form](https://help.example.com/wp-content/uploads/2024/03/reset-form.png)" in body
    assert "> Grüße aus Zürich: das hat geklappt! 🎉" in body
    assert "wp:" not in body.replace("WordPress shortcode", "")
    classic = Post.objects.get(title="Как подключить API").body
    assert "## Ключ API" in classic
    assert "«Создать ключ».\\\nКлюч показывается" in classic  # a line break kept
    assert "![Создание ключа](https://help.example.com/wp-content/uploads/2023/11/api-key.png)" in classic
    assert '```\ncurl -H "Authorization: Bearer KEY" \\\n\n  https://api.example.com/v1/me\n```' in classic
    assert "error codes [sic] in the reference" in classic


def test_imported_posts_render_on_the_site(client):
    run_import()
    html = client.get("/posts/reset-password/").content.decode()
    assert '<h2 id="reset-it-from-the-sign-in-page">' in html
    assert 'class="toc"' in html
    assert "gallery" not in html.split('<div class="post-body">')[1].split("</div>")[0]
    assert "<li>Check your spam folder.</li>" in html


def test_report_lists_what_could_not_be_converted_and_the_images():
    out = run_import()
    assert "Posts created: 6 (2 draft, 3 published, 1 scheduled)" in out
    assert "Skipped, attachment items: 1" in out and "Skipped, in the trash: 1" in out
    assert "Skipped, nav_menu_item items: 1" in out
    problems = out.split("Not converted faithfully")[1].split("Images referenced")[0]
    for expected in [
        'shortcode [gallery ids="201,202" columns="2"] was not converted',
        'shortcode [contact-form-7 id="55" title="API help"] was not converted',
        "an embed became a link: https://www.youtube.com/watch?v=abc123XYZ",
        "an embed became a link: https://www.youtube.com/watch?v=zyx987",
        "an embedded frame became a link: https://status.example.com/widget",
        "unknown block wp:jetpack/contact-form",
        "block wp:latest-posts is built when shown and has no saved content: dropped",
        "a table with merged cells became a simple table",
        "was private: imported as a draft",
        "address changed: WordPress slug “как-подключить-api” became “api”",
    ]:
        assert expected in problems
    images = out.split("Images referenced (2)")[1]
    assert "https://help.example.com/wp-content/uploads/2024/03/reset-form.png" in images
    assert "https://help.example.com/wp-content/uploads/2023/11/api-key.png" in images
    assert "Comments not imported (the site has none): 1" in out


def test_a_second_run_changes_nothing():
    run_import()
    before = snapshot()
    out = run_import()
    assert snapshot() == before
    assert "Posts created: 0" in out
    assert "Already imported, left unchanged: 6" in out
    assert "Old addresses redirected (301): 0" in out


def test_an_edit_made_after_the_import_survives_a_second_run():
    run_import()
    Post.objects.filter(slug="about").update(title="About us (edited)")
    run_import()
    assert Post.objects.get(slug="about").title == "About us (edited)"


def test_an_import_that_fails_midway_keeps_whole_items_and_a_second_run_finishes_it(monkeypatch):
    from wordpress.importer import Importer

    add_old_addresses = Importer._add_old_addresses
    calls = []

    def fail_on_the_second_item(self, post, *args):
        calls.append(post.slug)
        if len(calls) == 2:
            raise RuntimeError("the disk filled up")
        return add_old_addresses(self, post, *args)

    monkeypatch.setattr(Importer, "_add_old_addresses", fail_on_the_second_item)
    with pytest.raises(RuntimeError):
        run_import()
    # The first item is in, with its old address; the second, whose post was created before the
    # failure, is absent altogether.
    assert list(Post.objects.values_list("slug", flat=True)) == [calls[0]]
    assert OldAddress.objects.filter(post__slug=calls[0]).exists()
    monkeypatch.setattr(Importer, "_add_old_addresses", add_old_addresses)
    out = run_import()
    assert "Posts created: 5" in out and "Already imported, left unchanged: 1" in out
    assert Post.objects.count() == 6 and Post.objects.filter(slug=calls[1]).exists()


def test_dry_run_reports_but_writes_nothing():
    out = run_import("--dry-run")
    assert "Dry run: nothing was written" in out
    assert "Posts created: 6" in out
    assert not Post.objects.exists() and not OldAddress.objects.exists() and not Author.objects.exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2024/03/reset-password/", "/posts/reset-password/"),
        ("/2024/03/reset-password", "/posts/reset-password/"),
        ("/?p=101", "/posts/reset-password/"),
        ("/about/", "/posts/about/"),
        ("/?page_id=7", "/posts/about/"),
        ("/?p=7", "/posts/about/"),
        ("/2023/11/%D0%BA%D0%B0%D0%BA-%D0%BF%D0%BE%D0%B4%D0%BA%D0%BB%D1%8E%D1%87%D0%B8%D1%82%D1%8C-api/",
         "/posts/api/"),
    ],
)  # fmt: skip
def test_old_wordpress_addresses_answer_301_to_the_new_post(client, old, new):
    run_import()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_a_drafts_old_wordpress_address_reveals_nothing_until_it_is_published(client):
    run_import()
    draft = Post.objects.get(slug="two-factor-sign-in-draft")
    response = client.get("/?p=103")
    assert response.status_code == 200  # the home page, as for any unknown ?p=
    assert draft.slug not in response.content.decode() and draft.title not in response.content.decode()
    draft.status = Post.Status.PUBLISHED
    draft.save()
    assert client.get("/?p=103")["Location"] == "/posts/two-factor-sign-in-draft/"


def test_redirect_follows_the_post_when_its_slug_changes(client):
    run_import()
    Post.objects.filter(slug="about").update(slug="about-us")
    assert client.get("/about/")["Location"] == "/posts/about-us/"


def test_unknown_old_addresses_stay_404_and_the_home_page_ignores_other_ids(client):
    run_import()
    assert client.get("/2024/03/never-existed/").status_code == 404
    assert client.get("/?p=99999").status_code == 200
    assert client.get("/?p=abc").status_code == 200


def test_a_legacy_path_never_shadows_a_real_page(client):
    run_import()
    post = Post.objects.get(slug="about")
    OldAddress.objects.create(path="/category/pages/", post=make_post())
    assert client.get("/category/pages/").status_code == 200
    assert post.get_absolute_url() == "/posts/about/"


def test_a_slug_already_taken_gets_a_suffix_and_is_reported():
    existing = make_post(slug="reset-password", title="Our own post")
    out = run_import()
    imported = Post.objects.get(title="How do I reset my password?")
    assert imported.slug == "reset-password-2"
    assert Post.objects.get(pk=existing.pk).title == "Our own post"
    assert "“reset-password” became “reset-password-2”" in out


def test_existing_categories_and_authors_are_reused_not_overwritten():
    Category.objects.create(slug="account", name="Accounts", description="Ours")
    run_import()
    category = Category.objects.get(slug="account")
    assert (category.name, category.description) == ("Accounts", "Ours")
    assert Post.objects.get(slug="reset-password").category == category


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_and_not_in_a_log():
    on_terminal = run_import("--dry-run", stdout=FakeTerminal())
    assert "\rImporting: 1 of 9 items" in on_terminal
    assert "\rImporting: 9 of 9 items\n" in on_terminal
    assert "Importing:" not in run_import("--dry-run")


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(path=tmp_path / "missing.xml")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not xml", "not readable as XML"),
        ("<rss><channel><title>Blog</title></channel></rss>", "not a WordPress export"),
        ("<html><body>Hi</body></html>", "not a WordPress export"),
        ('<rss xmlns:wp="http://wordpress.org/export/9.9/"><channel><wp:wxr_version>9.9</wp:wxr_version>'
         "</channel></rss>", "WXR version '9.9' is not supported"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]><rss><channel/></rss>', "not readable as XML"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run_import(path=path)
    assert not Post.objects.exists()


def test_classic_editor_text_gets_paragraphs_and_line_breaks():
    markdown = html_to_markdown("First line\nsecond line\n\nNew paragraph.\n<h2>Title</h2>\nAfter").markdown
    assert markdown == "First line\\\nsecond line\n\nNew paragraph.\n\n## Title\n\nAfter\n"


def test_bracketed_text_that_is_not_a_shortcode_stays():
    conversion = html_to_markdown("<p>He said [sic] and [1].</p>")
    assert "He said [sic] and [1]." in conversion.markdown
    assert conversion.problems == []


def test_enclosing_shortcodes_keep_their_content():
    conversion = html_to_markdown('<p>[su_note color="red"]Back up first.[/su_note]</p>')
    assert "Back up first." in conversion.markdown
    assert conversion.problems == [
        'shortcode [su_note color="red"] was not converted (kept as a hidden comment)'
    ]


def test_caption_shortcode_becomes_an_image_with_its_caption():
    conversion = html_to_markdown('[caption id="x"]<img src="/a.png" alt="A"> The caption[/caption]')
    assert conversion.markdown == "![A](/a.png)\n\nThe caption\n"
    assert conversion.problems == [] and conversion.images == ["/a.png"]


def test_scripts_forms_and_media_are_reported():
    conversion = html_to_markdown(
        '<p>Hi</p><script>alert(1)</script><form><input name="q"></form>'
        '<video src="https://example.com/v.mp4"></video><audio><source src="https://example.com/a.mp3"></audio>'
    )
    assert "alert" not in conversion.markdown
    assert conversion.problems == [
        "a script was dropped",
        "a form was dropped (forms do not carry over)",
        "a video became a link: https://example.com/v.mp4",
        "an audio player became a link: https://example.com/a.mp3",
    ]


ITEM = """<item><title>{title}</title><link>{link}</link><dc:creator>writer</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status><wp:post_type>{type}</wp:post_type>
<wp:post_password>{password}</wp:post_password></item>"""
ITEM_DEFAULTS = {"title": "A post", "link": "", "content": "<p>Text</p>", "slug": "", "status": "publish",
                 "type": "post", "password": ""}  # fmt: skip
EXPORT_FILE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/{version}/"><channel><title>Small</title><link>{blog_url}</link>
<wp:wxr_version>{version}</wp:wxr_version><wp:base_blog_url>{blog_url}</wp:base_blog_url>
<wp:author><wp:author_login>writer</wp:author_login>
<wp:author_display_name>Writer &amp; Co</wp:author_display_name></wp:author>
{items}</channel></rss>"""


def small_export(tmp_path, items, version="1.2", blog_url="https://example.com"):
    """A minimal WXR file holding `items`, each a dict of the item fields that differ from the defaults."""
    rendered = "".join(ITEM.format(**{**ITEM_DEFAULTS, **item}) for item in items)
    path = tmp_path / "small.xml"
    path.write_text(EXPORT_FILE.format(version=version, blog_url=blog_url, items=rendered), encoding="utf-8")
    return path


def test_older_wxr_versions_are_read(tmp_path):
    run_import(path=small_export(tmp_path, [{"id": 1, "slug": "hello"}], version="1.1"))
    post = Post.objects.get(slug="hello")
    assert post.author.name == "Writer & Co"
    assert post.category.name == "Uncategorized"


def test_a_blog_in_a_subfolder_redirects_its_own_addresses(tmp_path, client):
    items = [{"id": 5, "slug": "hello", "link": "https://example.com/blog/hello/"}]
    run_import(path=small_export(tmp_path, items, blog_url="https://example.com/blog"))
    assert client.get("/blog/?p=5")["Location"] == "/posts/hello/"
    assert client.get("/blog/hello/")["Location"] == "/posts/hello/"
    assert client.get("/?p=5").status_code == 200


def test_password_protected_and_pending_posts_come_in_as_drafts(tmp_path):
    items = [
        {"id": 1, "slug": "secret", "password": "hunter2"},
        {"id": 2, "slug": "waiting", "status": "pending"},
    ]
    out = run_import(path=small_export(tmp_path, items))
    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.DRAFT}
    assert "was password-protected: imported as a draft" in out
    assert "was pending review: imported as a draft" in out


def test_a_post_without_a_title_or_slug_gets_both(tmp_path):
    out = run_import(path=small_export(tmp_path, [{"id": 77, "title": ""}]))
    post = Post.objects.get()
    assert post.title == "Untitled WordPress post 77"
    assert post.slug == "untitled-wordpress-post-77"
    assert "had no title: given one" in out


def test_other_post_types_and_automatic_drafts_are_skipped(tmp_path):
    items = [
        {"id": 1, "type": "wp_block"},
        {"id": 2, "type": "revision", "status": "inherit"},
        {"id": 3, "status": "auto-draft"},
        {"id": 4, "type": "product"},
    ]
    out = run_import(path=small_export(tmp_path, items))
    assert not Post.objects.exists()
    for line in ["wp_block items: 1", "revision items: 1", "automatic drafts: 1", "product items: 1"]:
        assert f"Skipped, {line}" in out


def test_an_embed_address_is_kept_as_text_not_parsed_as_markup(tmp_path):
    url = 'https://x.example/"><script>alert(1)</script>'
    content = '<!-- wp:embed {"url":"https://x.example/\\"><script>alert(1)</script>"} --><!-- /wp:embed -->'
    conversion = html_to_markdown(content)
    assert conversion.problems == [f"an embed became a link: {url}"]
    run_import(path=small_export(tmp_path, [{"id": 1, "slug": "embed", "content": content}]))
    assert "<script" not in Post.objects.get().body_html
