from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pytest_django.asserts import assertInHTML

from posts.markdown import render_markdown
from tests.support.images import store_png


def test_uploaded_image_gets_its_width_and_height():
    url = store_png("uploads/2026/01/photo.png", 640, 480)
    html = render_markdown(f"![A photo]({url})")
    assertInHTML(f'<img src="{url}" alt="A photo" width="640" height="480">', html)


def test_an_editors_own_size_is_kept():
    url = store_png("uploads/2026/01/wide.png", 640, 480)
    html = render_markdown(f'<img src="{url}" alt="Wide" width="320">')
    assert 'width="320"' in html
    assert "480" not in html


def test_images_elsewhere_or_missing_get_no_size_and_no_error():
    for src in [
        "https://example.com/a.png",
        "/media/uploads/missing.png",
        "/media/../../etc/passwd",
        "/x.png",
    ]:
        html = render_markdown(f"![Picture]({src})")
        assert "<img" in html
        assert "width=" not in html


def test_a_file_that_is_not_an_image_gets_no_size():
    default_storage.save("uploads/notes.png", ContentFile(b"plain text"))
    assert "width=" not in render_markdown("![Notes](/media/uploads/notes.png)")


def test_images_after_the_first_load_lazily():
    html = render_markdown("![One](/a.png)\n\ntext\n\n![Two](/b.png) ![Three](/c.png)")
    assertInHTML('<img src="/a.png" alt="One">', html)
    assertInHTML('<img src="/b.png" alt="Two" loading="lazy">', html)
    assertInHTML('<img src="/c.png" alt="Three" loading="lazy">', html)
