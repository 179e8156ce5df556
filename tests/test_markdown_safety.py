"""Whatever an editor types, the Markdown pipeline never lets active content through.

Hypothesis builds documents from Markdown and HTML pieces known to smuggle scripts (event handlers,
script-bearing URL schemes hidden with entities, case, whitespace or control characters, elements
that load or run things) and checks the rendered HTML, parsed as a browser would tokenise it.
"""

import html
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posts.markdown import render_markdown

FORBIDDEN_ELEMENTS = {
    "script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "frame",
    "frameset", "applet", "svg", "math", "template", "noscript", "input", "button", "textarea",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")

TAGS = sorted(FORBIDDEN_ELEMENTS | {"a", "img", "div", "span", "p", "details", "td", "video", "body"})
HANDLERS = [
    "onload",
    "onerror",
    "onclick",
    "onmouseover",
    "ONFOCUS",
    "onbegin",
    "formaction",
    "style",
    "srcdoc",
]
SCHEMES = [
    "javascript:",
    "JaVaScRiPt:",
    "vbscript:",
    "data:text/html,",
    "data:image/svg+xml,",
    " javascript:",
]
HIDERS = ["", "&#x09;", "&#10;", "\t", "\x00", "&#106;", "&colon;", "&#58;", "java\nscript:", "%6Aavascript:"]


@st.composite
def url_payloads(draw):
    scheme = draw(st.sampled_from(SCHEMES))
    hider = draw(st.sampled_from(HIDERS))
    cut = draw(st.integers(0, len(scheme)))
    return scheme[:cut] + hider + scheme[cut:] + "alert(1)"


@st.composite
def html_pieces(draw):
    tag = draw(st.sampled_from(TAGS))
    attribute = draw(st.sampled_from([*HANDLERS, "href", "src", "action", "xlink:href"]))
    value = draw(url_payloads()) if attribute in URL_ATTRIBUTES else "alert(1)"
    quote = draw(st.sampled_from(['"', "'", ""]))
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag.upper()}>", "<!--", "]]>"]))
    return f"<{tag} {attribute}={quote}{value}{quote}>x{closing}"


@st.composite
def markdown_pieces(draw):
    url = draw(url_payloads())
    text = draw(st.text(alphabet="ab*_`[]()<>!&#;:\n ", max_size=12))
    return draw(
        st.sampled_from(
            [
                f"[{text}]({url})",
                f"![{text}]({url})",
                f"<{url}>",
                f"[{text}]: {url}\n\n[{text}]",
                f"```\n<script>{text}</script>\n```",
                f"`<img src=x onerror={text}>`",
                f"> {text}",
                f'- [{text}]({url} "title")',
                f"| a | b |\n|---|---|\n| {text} | <script>1</script> |",
                f'{text}[^1]\n\n[^1]: <a href="{url}">x</a>',
            ]
        )
    )


documents = st.lists(
    st.one_of(html_pieces(), markdown_pieces(), st.text(max_size=20)), min_size=1, max_size=8
).map("".join)


class ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag} {name}=")
            if name in URL_ATTRIBUTES and value and is_dangerous_url(value):
                self.problems.append(f"{tag} {name}={value!r}")


def is_dangerous_url(value):
    """As a browser reads a URL: entities decoded, whitespace and control characters dropped."""
    compact = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value)).lower()
    return compact.startswith(BAD_SCHEMES)


def active_content(rendered):
    finder = ActiveContentFinder()
    finder.feed(rendered)
    finder.close()
    return finder.problems


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_rendered_markdown_never_contains_active_content(document):
    rendered = render_markdown(document)
    assert active_content(rendered) == [], (document, rendered)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_renders_without_error_or_active_content(document):
    assert active_content(render_markdown(document)) == []


def test_the_checker_itself_spots_active_content():
    assert active_content('<a href="jav&#x09;ascript:alert(1)">x</a>')
    assert active_content('<img src=x onerror="alert(1)">')
    assert active_content("<svg><script>1</script></svg>")
    assert active_content('<a href=" DATA:text/html,x">x</a>')
    assert active_content('<a href="https://example.com/">x</a>') == []
