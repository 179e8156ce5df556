import pytest
from django.test import Client
from PIL import Image

from posts.models import Author, Post
from tests.support.admin_forms import post_form
from tests.support.factories import make_author, make_category, make_post, make_superuser, make_user
from tests.support.html import select_one
from tests.support.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def form_errors(response):
    return response.context["adminform"].form.errors if response.context else response


def test_admin_add_publishes_a_post_that_appears_on_the_site(staff_client, client):
    category, author = make_category(), make_author()
    response = staff_client.post("/admin/posts/post/add/", post_form(category, author))
    assert response.status_code == 302, form_errors(response)
    post = Post.objects.get(slug="a-table-and-some-code")
    assert "<table>" in post.body_html and '<span class="nb">print</span>' in post.body_html
    assert post.is_public
    home = client.get("/").content.decode()
    assert home.count("A table and some code") == 2  # the list and the sidebar


def test_admin_change_updates_the_stored_html(staff_client, client):
    post = make_post(body="Old words.")
    data = post_form(post.category, post.author, title=post.title, slug=post.slug, body="New *words*.")
    response = staff_client.post(f"/admin/posts/post/{post.pk}/change/", data)
    assert response.status_code == 302
    assert "<em>words</em>" in client.get(post.get_absolute_url()).content.decode()


def test_admin_form_errors_are_shown_and_nothing_is_saved(staff_client):
    category, author = make_category(), make_author()
    response = staff_client.post("/admin/posts/post/add/", post_form(category, author, title="", body=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Post.objects.exists()


def test_admin_refuses_a_body_over_the_limit(staff_client):
    category, author = make_category(), make_author()
    response = staff_client.post("/admin/posts/post/add/", post_form(category, author, body="x" * 100_001))
    assert response.status_code == 200
    assert "Ensure this value has at most 100000 characters" in response.content.decode()
    assert not Post.objects.exists()


def test_admin_pages_open(staff_client):
    post = make_post()
    for url in [
        "/admin/",
        "/admin/posts/post/",
        "/admin/posts/post/?status__exact=draft&kind__exact=faq",
        "/admin/posts/post/?q=body",
        "/admin/posts/post/add/",
        f"/admin/posts/post/{post.pk}/change/",
        "/admin/posts/category/",
        "/admin/posts/author/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_change_page_has_the_markdown_editor_and_view_on_site(staff_client):
    post = make_post()
    html = staff_client.get(f"/admin/posts/post/{post.pk}/change/").content.decode()
    assert 'markdownx-editor" required' in html
    assert 'data-markdownx-urls-path="/editor/preview/"' in html
    assert "View on site" in html


def test_new_post_defaults_to_the_editors_own_author(client):
    user = make_superuser(username="writer")
    author = make_author(user=user)
    client.force_login(user)
    page = client.get("/admin/posts/post/add/")
    assert select_one(page, 'select[name="author"] option[selected]')["value"] == str(author.pk)


def test_publish_and_unpublish_actions(staff_client):
    draft = make_post(status=Post.Status.DRAFT)
    live = make_post()
    staff_client.post("/admin/posts/post/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_public
    staff_client.post("/admin/posts/post/", {"action": "unpublish", "_selected_action": [live.pk]})
    live.refresh_from_db()
    assert live.status == Post.Status.DRAFT
    assert not Post.objects.published().filter(pk=live.pk).exists()


def test_preview_renders_with_the_site_function(staff_client):
    response = staff_client.post(
        "/editor/preview/", {"content": "# Hi\n\n<script>x</script>| a |\n|---|\n| 1 |"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="hi">Hi <a class="heading-anchor" href="#hi"' in html
    assert "<script>" not in html


@pytest.mark.parametrize("url", ["/editor/preview/", "/editor/upload/"])
def test_editor_endpoints_refuse_anonymous_and_non_staff(url):
    anonymous = Client()
    assert anonymous.post(url, {"content": "x"}).status_code == 403
    reader = Client()
    reader.force_login(make_user(username="reader"))
    assert reader.post(url, {"content": "x"}).status_code == 403


def test_editor_endpoints_refuse_get(staff_client):
    assert staff_client.get("/editor/preview/").status_code == 405
    assert staff_client.get("/editor/upload/").status_code == 405


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")])
def test_upload_accepts_real_images_and_names_them_itself(staff_client, settings, fmt, ext):
    response = upload(staff_client, "../../My Photo.exe", image_bytes(fmt))
    assert response.status_code == 200
    code = response.json()["image_code"]
    assert code.startswith("![My Photo](/media/uploads/")
    url = code.split("](")[1].rstrip(")")
    assert url.endswith(f".{ext}") and "My" not in url
    stored = settings.MEDIA_ROOT / url.removeprefix("/media/")
    assert Image.open(stored).size == (20, 10)
    served = staff_client.get(url)
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("notes.png", b"just some text, not an image", "not a JPEG, PNG, GIF or WebP image"),
        ("x.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "not a JPEG"),
        ("page.jpg", b"<html><script>alert(1)</script></html>", "not a JPEG"),
        ("empty.png", b"", "The file is empty."),
        ("bitmap.png", image_bytes("BMP"), "not a JPEG"),
        ("cut.png", image_bytes("PNG")[:40], "not a JPEG"),
    ],
)
def test_upload_refuses_what_is_not_a_supported_image(staff_client, name, content, message):
    response = upload(staff_client, name, content)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_upload_refuses_oversized_files(staff_client, settings):
    settings.KB_UPLOAD_MAX_BYTES = 100
    response = upload(staff_client, "big.png", image_bytes(size=(200, 200)))
    assert response.status_code == 400
    assert "the limit is 100" in response.json()["error"]


def test_upload_refuses_too_many_pixels_before_decoding(staff_client, settings):
    settings.KB_UPLOAD_MAX_PIXELS = 100
    response = upload(staff_client, "wide.png", image_bytes(size=(20, 10)))
    assert response.status_code == 400
    assert "20×10 pixels" in response.json()["error"]


def test_upload_without_a_file_is_refused_clearly(staff_client):
    response = staff_client.post("/editor/upload/", {}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 400
    assert response.json()["error"] == "Choose an image to upload."


def test_author_admin_lists_authors(staff_client):
    make_author(name="Someone Special")
    assert "Someone Special" in staff_client.get("/admin/posts/author/").content.decode()
    assert Author.objects.count() == 1
