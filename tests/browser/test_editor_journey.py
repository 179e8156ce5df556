"""An editor writes a post in the admin's Markdown editor, previews it, saves a draft and publishes it."""

import base64
import io
import re

from PIL import Image
from playwright.sync_api import expect

from posts.models import Post
from tests.support.factories import make_author, make_category, make_superuser

PASSWORD = "a-long-test-password-1"
BODY = """# Setting up backups

Before you start:

- Choose a schedule
- Test a restore

| Plan | Copies kept |
| --- | --- |
| Basic | 7 |

Read the [restore guide](https://example.com/restore) first.

"""
# Drops files on the editor's text area, as dragging them from the desktop does.
DROP_FILE = """([selector, name, type, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  document.querySelector(selector).dispatchEvent(
    new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
}"""


def png_bytes(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def drop_file(page, name, content_type, data):
    page.evaluate(DROP_FILE, ["#id_body", name, content_type, base64.b64encode(data).decode()])


def log_in(page, base_url, next_path):
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def choose_category(page, name):
    """Pick the category, whether the admin shows a plain select or an autocomplete (select2) one."""
    select = page.locator("#id_category")
    if "admin-autocomplete" not in (select.get_attribute("class") or ""):
        select.select_option(label=name)
        return
    page.locator(".field-category .select2-selection").click()
    page.locator(".select2-search__field").fill(name[:4])
    page.locator(".select2-results__option", has_text=name).click()


def save_and_continue(page):
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text(re.compile("(added|changed) successfully"))


def test_editor_writes_previews_saves_a_draft_and_publishes(transactional_db, live_server, new_context):
    editor = make_superuser(username="editor", password=PASSWORD)
    make_author(name="Dana Editor", slug="dana", user=editor)
    make_category(name="Operations", slug="operations")
    page = new_context().new_page()
    log_in(page, live_server.url, "/admin/posts/post/add/")

    page.get_by_label("Title").press_sequentially("How do we back up client sites?")
    expect(page.get_by_label("Slug")).to_have_value("how-do-we-back-up-client-sites")
    choose_category(page, "Operations")
    body = page.locator("#id_body")
    body.fill(BODY)
    body.press("Control+End")

    preview = page.locator(".markdownx-preview")
    expect(preview.get_by_role("heading", level=2, name="Setting up backups")).to_be_visible()
    expect(preview.locator("ul > li")).to_have_text(["Choose a schedule", "Test a restore"])
    expect(preview.locator("table td").first).to_have_text("Basic")
    expect(preview.get_by_role("link", name="restore guide")).to_have_attribute(
        "href", "https://example.com/restore"
    )

    drop_file(page, "team-photo.png", "image/png", png_bytes())
    expect(body).to_have_value(re.compile(r"!\[team photo\]\(/media/uploads/\d{4}/\d{2}/\w+\.png\)"))
    image = preview.get_by_role("img", name="team photo")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 40, "the uploaded image should load"

    expect(page.get_by_label("Status")).to_have_value("draft")
    save_and_continue(page)
    post = Post.objects.get(slug="how-do-we-back-up-client-sites")
    assert post.status == Post.Status.DRAFT
    assert post.author.name == "Dana Editor"

    reader = new_context().new_page()
    assert reader.goto(live_server.url + post.get_absolute_url()).status == 404

    page.get_by_label("Status").select_option("published")
    save_and_continue(page)
    reader.goto(live_server.url + "/")
    expect(reader.locator("main .post-list").get_by_role("link", name=post.title)).to_be_visible()
    sidebar_link = reader.locator("aside.sidebar").get_by_role("link", name=post.title)
    expect(sidebar_link).to_be_visible()
    sidebar_link.click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(post.title)
    article = reader.locator(".post-body")
    expect(article.get_by_role("heading", level=2, name="Setting up backups")).to_be_visible()
    expect(article.locator("table")).to_be_visible()
    expect(article.get_by_role("img", name="team photo")).to_be_visible()


def test_editor_is_told_why_a_dropped_file_was_refused(transactional_db, live_server, page):
    make_superuser(username="editor", password=PASSWORD)
    log_in(page, live_server.url, "/admin/posts/post/add/")
    body = page.locator("#id_body")
    body.fill("Some text.")

    drop_file(page, "notes.png", "image/png", b"this is not an image")
    expect(page.get_by_role("alert")).to_contain_text("Image not uploaded: This file is not a JPEG")
    expect(body).to_have_value("Some text.")
