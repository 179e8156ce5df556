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
        "<del>struck</del>",
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


# GitHub-flavoured Markdown, as editors write it on GitHub.


def test_a_tag_name_typed_in_prose_is_shown_and_the_text_after_it_kept():
    html = render_markdown("Load it with a <script> tag.\n\n# Next step\n\nThen *call* it.\n")
    assert "<p>Load it with a &lt;script&gt; tag.</p>" in html
    assert '<h2 id="next-step">Next step' in html
    assert "<p>Then <em>call</em> it.</p>" in html
    assert "<script" not in html


@pytest.mark.parametrize(
    "tag", ["script", "style", "title", "textarea", "iframe", "xmp", "noscript", "noembed", "plaintext"]
)
def test_elements_that_would_swallow_the_rest_are_shown_as_typed(tag):
    html = render_markdown(f"Put it in <{tag}> here.\n\n## Later\n\nA **bold** end.\n")
    assert f"<p>Put it in &lt;{tag}&gt; here.</p>" in html
    assert "<strong>bold</strong>" in html
    assert f"<{tag}" not in html


def test_refused_tags_are_shown_as_typed_and_allowed_ones_still_apply():
    html = render_markdown("The <form> and <input> elements, in <b>bold</b>.")
    assert html == "<p>The &lt;form&gt; and &lt;input&gt; elements, in <b>bold</b>.</p>\n"


def test_raw_html_blocks_with_script_are_shown_as_source_not_run():
    html = render_markdown('<script src="https://evil.example/x.js">\nalert(1)\n</script>\n\nAfter.\n')
    assert '&lt;script src="https://evil.example/x.js"&gt;' in html
    assert "&lt;/script&gt;" in html and "<p>After.</p>" in html
    assert "<script" not in html


def test_a_refused_tag_with_an_event_handler_is_dropped_not_echoed():
    html = render_markdown("<svg onload=alert(1)>text</svg>")
    assert "onload" not in html and "<svg" not in html
    assert "text" in html


def test_processing_instructions_and_declarations_are_shown_as_typed():
    html = render_markdown("Start with <?php echo 1; ?> or <!DOCTYPE html>.")
    assert "&lt;?php echo 1; ?&gt;" in html and "&lt;!DOCTYPE html&gt;" in html


def test_a_raw_h1_becomes_an_h2_like_a_hash_heading():
    assert render_markdown("<h1>Title</h1>") == "<h2>Title</h2>"


def test_table_alignment_becomes_a_class_and_no_style_attribute():
    html = render_markdown("| L | C | R | N |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n")
    assert '<th class="align-left">L</th>' in html
    assert '<th class="align-center">C</th>' in html
    assert '<td class="align-right">3</td>' in html
    assert "<td>4</td>" in html
    assert "style" not in html


def test_alignment_classes_exist_in_the_stylesheets():
    from django.conf import settings

    for sheet in ("site.css", "admin-editor.css"):
        css = (settings.BASE_DIR / "static" / "css" / sheet).read_text()
        for side in ("left", "center", "right"):
            assert re.search(rf"\.align-{side} \{{ text-align: {side}; \}}", css), (sheet, side)
        assert ".task-list-item-checkbox" in css


def test_task_lists_render_as_disabled_checkboxes():
    html = render_markdown("- [ ] write it\n- [x] review it\n- not a task\n")
    assert '<ul class="contains-task-list">' in html
    assert (
        '<li class="task-list-item"><span class="task-list-item-checkbox" role="checkbox" '
        'aria-checked="false" aria-disabled="true" aria-label="To do"></span> write it</li>'
    ) in html
    assert 'aria-checked="true" aria-disabled="true" aria-label="Done"></span> review it</li>' in html
    assert "<li>not a task</li>" in html
    assert "<input" not in html


def test_a_raw_checkbox_span_gets_no_role_from_an_editor():
    html = render_markdown(
        '<span class="task-list-item-checkbox" role="checkbox" aria-checked="true">x</span>'
    )
    assert "role=" not in html and "aria-checked" not in html


def test_double_and_single_tildes_are_deleted_text():
    html = render_markdown("~~gone~~ and ~also~, but not ~~~this~~~")
    assert "<del>gone</del>" in html and "<del>also</del>" in html
    assert "~~~this~~~" in html


def test_bare_urls_www_and_email_addresses_become_links():
    html = render_markdown(
        "See https://example.com/a?b=1, www.example.org/help. Mail first_last@example.com or "
        "support@example.com."
    )
    assert (
        '<a href="https://example.com/a?b=1" rel="nofollow noopener">https://example.com/a?b=1</a>,' in html
    )
    assert '<a href="http://www.example.org/help" rel="nofollow noopener">www.example.org/help</a>.' in html
    assert '<a href="mailto:first_last@example.com">first_last@example.com</a>' in html
    assert '<a href="mailto:support@example.com">support@example.com</a>.' in html


def test_bare_text_that_only_looks_like_a_link_stays_text():
    html = render_markdown("Call it `www.example.com` or version 1.2.3, or a@b.")
    assert "<a " not in html.replace("<code>www.example.com</code>", "")


@pytest.mark.parametrize(
    "href", ["tel:+441234567890", "ftp://ftp.example.org/file.txt", "irc://irc.libera.chat/django"]
)
def test_safe_extra_link_schemes_keep_their_href(href):
    html = render_markdown(f"[link]({href})")
    assert f'href="{href}"' in html


def test_external_ftp_and_irc_links_get_nofollow_but_tel_does_not():
    html = render_markdown("[a](ftp://x.example/f) [b](irc://irc.example/c) [c](tel:+1)")
    assert '<a href="ftp://x.example/f" rel="nofollow noopener">' in html
    assert '<a href="irc://irc.example/c" rel="nofollow noopener">' in html
    assert '<a href="tel:+1">c</a>' in html


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "jar:https://x.example/a.jar!/",
    ],
)
def test_dangerous_schemes_are_still_removed_from_raw_and_markdown_links(href):
    for text in (f'<a href="{href}">x</a>', f"[x](<{href}>)", f"<{href}>"):
        html = render_markdown(text)
        assert f'href="{href.split(":")[0]}:' not in html, (text, html)


def test_details_open_ordered_list_type_and_named_anchors_are_kept():
    html = render_markdown(
        "<details open><summary>More</summary>Hidden</details>\n\n"
        '<ol type="a" start="3" reversed><li>c</li></ol>\n\n'
        '<a name="prices"></a><a id="plans"></a> [jump](#prices)\n'
    )
    assert '<details open="">' in html
    assert '<ol type="a" start="3" reversed="">' in html
    assert '<a name="prices"></a>' in html and '<a id="plans"></a>' in html
    assert '<a href="#prices">jump</a>' in html


def test_an_ordered_list_type_outside_html_numbering_is_removed():
    html = render_markdown('<ol type="disc" onclick="x()"><li>a</li></ol>')
    assert html == "<ol><li>a</li></ol>"
