import re

import pytest
from pytest_django.asserts import assertInHTML

from posts.markdown import render_markdown


def test_common_formatting_is_kept():
    html = render_markdown(
        "Some **bold**, *italic*, ~~struck~~ and `code`.\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n[a link](/posts/x/)\n"
    )
    for fragment in (
        "<strong>bold</strong>",
        "<em>italic</em>",
        "<s>struck</s>",
        "<code>code</code>",
        "<ul>",
        "<ol>",
        "<blockquote>",
        '<a href="/posts/x/">a link</a>',
    ):
        assert fragment in html


def test_tables_are_rendered():
    html = render_markdown("| Name | Value |\n|---|---|\n| a | 1 |\n")
    assert "<table>" in html and "<th>Name</th>" in html and "<td>1</td>" in html


def test_fenced_code_is_highlighted_and_escaped():
    html = render_markdown('```python\ndef f():\n    return "<b>"\n```\n')
    assert '<code class="language-python">' in html
    assert '<span class="k">def</span>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_code_in_an_unknown_language_is_plain_escaped_text():
    html = render_markdown("```nosuchlanguage\n<script>x</script>\n```\n")
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_headings_get_anchors_and_the_title_keeps_the_only_h1():
    html = render_markdown("# Big heading\n\n## Second level\n")
    assert '<h2 id="big-heading">Big heading <a class="heading-anchor" href="#big-heading"' in html
    assert '<h2 id="second-level">Second level <a class="heading-anchor" href="#second-level"' in html
    assert 'aria-label="Link to section: Second level">#</a></h2>' in html
    assert "<h1" not in html


def test_heading_anchor_label_is_the_escaped_heading_text():
    html = render_markdown('## Use `<b>` & "quotes"\n')
    assert 'aria-label="Link to section: Use &lt;b&gt; &amp; &quot;quotes&quot;">#</a></h2>' in html


def test_footnotes_are_rendered():
    html = render_markdown("Text[^1].\n\n[^1]: The note.\n")
    assert 'class="footnote-ref"' in html
    assert "The note." in html


def test_external_links_get_nofollow_and_internal_links_do_not():
    html = render_markdown("[out](https://example.com/page) and [in](/posts/here/)")
    assertInHTML('<a href="https://example.com/page" rel="nofollow noopener">out</a>', html)
    assertInHTML('<a href="/posts/here/">in</a>', html)


def test_protocol_relative_links_leave_the_site_and_get_nofollow_too():
    # "//host/path" takes the page's scheme: a browser follows it to another site, like "https://".
    html = render_markdown('[cdn](//example.com/page) and <a href="//example.org/">raw</a>')
    assertInHTML('<a href="//example.com/page" rel="nofollow noopener">cdn</a>', html)
    assertInHTML('<a href="//example.org/" rel="nofollow noopener">raw</a>', html)


def test_raw_html_external_link_gets_nofollow_too():
    html = render_markdown('<a title="x>y" href="http://example.org">raw</a>')
    assert 'rel="nofollow noopener"' in html


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "<iframe src=https://evil.example></iframe>",
    "<object data=x></object><embed src=x>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    "[click](javascript:alert(1))",
    "[click](vbscript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<form action=https://evil.example><input name=x></form>",
    "<base href=https://evil.example/>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<div onclick=alert(1) onmouseover=alert(2)>x</div>",
    '<a href="https://ok.example" onfocus=alert(1) autofocus>x</a>',
    "<details open ontoggle=alert(1)>x</details>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payload_is_neutralised(payload):
    html = render_markdown(payload).lower()
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"<(iframe|object|embed|form|input|base|meta|svg|math)\b", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"(href|src)\s*=\s*\"?\s*(javascript|vbscript|data):", html)
    assert "style=" not in html


def test_empty_body_renders_to_nothing():
    assert render_markdown("") == ""
