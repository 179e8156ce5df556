"""Every public page type passes the Nu HTML Checker (vnu.jar, from the npm package `vnu-jar`).

The pages are fetched with Django's test client and checked as files in one run of the checker, so
Java starts once. The checker needs Java and `npm ci` (the Makefile runs it when npm is present);
without them these tests skip locally and fail in CI.
"""

import json
import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from posts.models import Post
from tests.support.factories import make_post, make_superuser
from tests.support.head import parse_head
from tests.support.system_services import require

pytestmark = pytest.mark.django_db

VNU_JAR = Path(os.environ.get("KB_VNU_JAR", settings.BASE_DIR / "node_modules/vnu-jar/build/dist/vnu.jar"))

EVERY_MARKDOWN_FEATURE = """\
# A first-level heading becomes h2

Some **bold**, *italic*, ~~struck~~, `inline code` and a [link inside](/posts/x/) and
[one outside](https://example.com/page "With a title").

## Lists

- one
- two
  - nested
- [ ] a task

1. first
2. second

> A quotation, with **bold** inside.
>
> > And a nested one.

### Table

| Name | Value | Note |
|:-----|------:|:----:|
| a    | 1     | *x*  |
| b    | 2     | `y`  |

#### Code

```python
def answer():
    return "<b>42</b>"
```

```
plain fenced code
```

    indented code

---

A footnote reference[^note] and another[^2].

[^note]: The note's text.
[^2]: A second note with a [link](https://example.org/).

![An image](/media/uploads/example.png "Title")

Raw HTML is sanitised: <span onclick="alert(1)">kept text</span><script>alert(2)</script>
<details><summary>More</summary>Hidden text</details>

Line with a hard break\\
and the next line. An <abbr title="HyperText Markup Language">HTML</abbr> abbreviation, H~2~O,
<kbd>Ctrl</kbd>+<kbd>C</kbd>, <sup>sup</sup> and <sub>sub</sub>.

##### Fifth-level heading

###### Sixth-level heading
"""


def java_available():
    return shutil.which("java") is not None


def check_with_vnu(pages, folder):
    """Run the checker once over every page; returns {page name: [messages]}."""
    for name, html in pages.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found = {name: [] for name in pages}
    for message in json.loads(result.stdout)["messages"]:
        name = Path(message.get("url", "")).stem
        found.setdefault(name, []).append(message)
    return found


def public_pages():
    """One page of each public type, on the demo content plus posts that exercise every feature."""
    call_command("loaddemo")
    demo_slugs = set(Post.objects.values_list("slug", flat=True))
    demo = Post.objects.published().first()
    everything = make_post(
        title="Every Markdown feature",
        slug="every-markdown-feature",
        body=EVERY_MARKDOWN_FEATURE,
        category=demo.category,
        author=demo.author,
    )
    faq = Post.objects.published().filter(kind=Post.Kind.FAQ).first()
    article = Post.objects.published().filter(kind=Post.Kind.ARTICLE).first()
    now = timezone.now()
    for day in range(12):
        make_post(
            title=f"Filler {day}",
            category=demo.category,
            author=demo.author,
            published_at=now - timedelta(days=30 + day),
        )
    gone = make_post(title="Removed later", category=demo.category, author=demo.author)
    gone_url = gone.get_absolute_url()
    gone.delete()
    client = Client()
    urls = {
        "home": "/",
        "home-page-2": "/?page=2",
        "article": article.get_absolute_url(),
        "faq": faq.get_absolute_url(),
        "every-markdown-feature": everything.get_absolute_url(),
        "category": demo.category.get_absolute_url(),
        "category-page-2": demo.category.get_absolute_url() + "?page=2",
        "author": demo.author.get_absolute_url(),
        "not-found": "/posts/no-such-post/",
        "gone": gone_url,
        "search-results": "/search/?q=project",
        "search-empty": "/search/?q=xylophone",
    }
    for post in Post.objects.filter(slug__in=demo_slugs):
        urls[f"demo-{post.kind}-{post.slug}"] = post.get_absolute_url()
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404, 410), (name, response.status_code)
        pages[name] = response.content.decode()
    staff = Client()
    staff.force_login(make_superuser())
    draft = make_post(title="A draft", status=Post.Status.DRAFT, category=demo.category, author=demo.author)
    pages["draft-preview"] = staff.get(draft.get_absolute_url()).content.decode()
    pages["server-error"] = render_to_string("500.html")
    return pages


@pytest.fixture
def pages():
    return public_pages()


def test_every_public_page_type_passes_the_nu_html_checker(pages, tmp_path):
    require(java_available(), "Java is not installed (the Nu HTML Checker needs it)")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci --ignore-scripts`")
    found = check_with_vnu(pages, tmp_path)
    problems = [
        f"{name} line {message.get('lastLine')}: {message.get('subType', 'error')}: {message['message']}"
        for name, messages in found.items()
        for message in messages
        if message["type"] != "info" or message.get("subType") == "warning"
    ]
    assert set(found) == set(pages)
    assert not problems, "\n".join(problems)


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_every_page_has_one_h1_and_skips_no_heading_level(pages):
    for name, html in pages.items():
        levels = headings(html)
        assert levels.count(1) == 1, name
        assert levels[0] == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, levels)


def test_every_page_uses_the_semantic_landmarks(pages):
    # The server-error page is deliberately bare: it must render when the database is down.
    del pages["server-error"]
    for name, html in pages.items():
        for element in ("<header", "<nav", "<main", "<aside", "<footer"):
            assert html.count(element) >= 1, (name, element)
        assert html.count("<main") == 1, name
        assert '<html lang="en">' in html, name


def test_post_pages_are_articles_with_machine_readable_dates(pages):
    for name in ("article", "faq", "every-markdown-feature"):
        html = pages[name]
        assert html.count('<article class="post">') == 1
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html), name


def test_every_indexable_page_has_a_canonical_url_and_one_json_ld_script(pages):
    for name in ("not-found", "gone", "draft-preview", "server-error", "search-results", "search-empty"):
        del pages[name]
    for name, html in pages.items():
        head = parse_head(html)
        assert head.canonical.startswith("http://testserver/"), name
        assert len(head.json_ld) >= 1, name
        assert "robots" not in head.meta, name
