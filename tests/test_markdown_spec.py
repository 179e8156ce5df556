"""The CommonMark spec's examples and the GFM spec's extension examples, through render_markdown.

The spec files are in tests/data (see SPECS-NOTICE.md there): CommonMark 0.31.2, the version
markdown-it-py follows, and the extension sections of GFM 0.29-gfm. Both sides are compared after
normalising away what the site changes on purpose everywhere:

- `#` headings are h2 (the page title is the only h1), with an id and a "#" link to themselves;
- links leaving the site carry rel="nofollow noopener";
- fenced code is highlighted (Pygments' spans) and its `language-…` class kept only for the
  languages the site highlights;
- images after the first load lazily;
- table alignment is a class (`align-right`) instead of an attribute, since the CSP forbids styles;
- task list checkboxes are drawn spans with the checkbox role instead of <input>s;
- whitespace between block elements, and how the serialiser writes entities and attributes.

Every other difference must be one the sanitiser makes on purpose, listed below by example number
with its reason; an unlisted difference, or a listed example that no longer differs, fails.
"""

import json
import re
import sys
from collections import Counter
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import nh3
import pytest

from posts.markdown import render_markdown

DATA = Path(__file__).parent / "data"

REFUSED_TAG = "raw HTML tag the allow-list refuses: shown as typed instead of applied"
SCRIPT_OR_STYLE = "<script>, <style> or <textarea>: refused, shown as typed with what follows"
REFUSED_ATTRIBUTE = "attribute the allow-list refuses (class, id, language, made-up names): removed"
COMMENT = "HTML comment: removed by the sanitiser"
DECLARATION = "processing instruction, declaration or CDATA section: refused, shown as typed"
REFUSED_SCHEME = "autolink with a URL scheme outside the allowed ones: the link keeps no href"
GFM_AUTOLINK = "bare URL or e-mail address: linked, as GFM's autolink extension (enabled) does"

# CommonMark 0.31.2 examples that differ on purpose: the sanitiser refuses something, or the site
# follows GFM where CommonMark differs.
COMMONMARK_SANITISED = {
    150: REFUSED_TAG,  # <foo>
    152: REFUSED_ATTRIBUTE,
    153: REFUSED_ATTRIBUTE,
    154: REFUSED_ATTRIBUTE,
    163: REFUSED_TAG,  # <Warning>
    164: REFUSED_ATTRIBUTE,
    169: REFUSED_ATTRIBUTE,
    170: SCRIPT_OR_STYLE,
    171: SCRIPT_OR_STYLE,
    172: SCRIPT_OR_STYLE,
    173: SCRIPT_OR_STYLE,
    176: SCRIPT_OR_STYLE,
    177: COMMENT,
    178: SCRIPT_OR_STYLE,
    179: COMMENT,
    180: DECLARATION,
    181: DECLARATION,
    182: DECLARATION,
    183: COMMENT,
    201: REFUSED_TAG,  # <bar>
    308: COMMENT,
    309: COMMENT,
    491: REFUSED_TAG,  # <foo bar>
    524: REFUSED_TAG,  # <bar attr="…">
    536: REFUSED_TAG,  # <bar attr="…">
    598: REFUSED_SCHEME,
    599: REFUSED_SCHEME,
    601: REFUSED_SCHEME,
    608: GFM_AUTOLINK,
    611: GFM_AUTOLINK,
    612: GFM_AUTOLINK,
    613: REFUSED_TAG,  # <bab>, <c2c>
    614: REFUSED_TAG,  # <b2/>
    615: REFUSED_TAG,  # <b2 data="foo">
    616: REFUSED_ATTRIBUTE,
    617: REFUSED_TAG,  # <responsive-image>
    623: REFUSED_TAG,  # </foo>
    625: COMMENT,
    626: COMMENT,
    627: DECLARATION,
    628: DECLARATION,
    629: DECLARATION,
}

# GFM 0.29-gfm extension examples that differ on purpose: none (its disallowed raw HTML example
# escapes exactly the tags the site escapes).
GFM_SANITISED = {}

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "menu",
    "nav", "ol", "p", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "pre", "script", "style", "textarea",
}  # fmt: skip
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SITE_CLASSES = {"contains-task-list", "task-list-item", "task-list-item-checked", "footnote-item"}


def spec_examples(text):
    """The examples of a spec.txt, numbered as the spec numbers them (its own extraction regex)."""
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", text.replace("\r\n", "\n"), flags=re.MULTILINE)
    examples, section = [], ""
    pattern = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.MULTILINE)
    for match in pattern.finditer(text):
        if match.group(3) is not None:
            section = match.group(3)
            continue
        examples.append(
            {
                "number": len(examples) + 1,
                "section": section,
                "markdown": match.group(1).replace("→", "\t"),
                "html": match.group(2).replace("→", "\t"),
            }
        )
    return examples


def commonmark_examples():
    return spec_examples((DATA / "commonmark-spec-0.31.2.txt").read_text(encoding="utf-8"))


def gfm_extension_examples():
    data = json.loads((DATA / "gfm-spec-0.29-extensions.json").read_text(encoding="utf-8"))
    return [
        {"number": e["example"], "section": e["section"], "markdown": e["markdown"], "html": e["html"]}
        for e in data["examples"]
    ]


class Canonical(HTMLParser):
    """HTML as a canonical string: sorted attributes, one way of escaping, collapsed whitespace."""

    def __init__(self, rendered):
        super().__init__(convert_charrefs=True)
        self.rendered = rendered
        self.out = []
        self.in_pre = 0
        self.skipping = 0  # inside a heading's "#" link, which the site adds
        self.spans = []  # for each open span: whether its tags are the site's, not the author's

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.skipping:
            self.skipping += tag == "a"
            return
        if self.rendered:
            original = tag
            tag, attrs = self.undo_site_changes(tag, attrs)
            if original == "span":
                self.spans.append(tag != "span")
            if tag is None:
                return
        elif tag == "h1":
            tag = "h2"
        if tag == "pre":
            self.in_pre += 1
        self.emit_start(tag, attrs)

    def undo_site_changes(self, tag, attrs):
        if tag == "a" and attrs.get("class") == "heading-anchor":
            self.skipping = 1
            return None, None
        if tag == "span" and attrs.get("class") == "task-list-item-checkbox":
            checked = {"checked": ""} if attrs.get("aria-checked") == "true" else {}
            return "input", {**checked, "disabled": "", "type": "checkbox"}
        if tag == "span" and self.in_pre:
            return None, None  # highlighting
        if re.fullmatch(r"h[2-6]", tag):
            attrs.pop("id", None)
        if attrs.get("rel") == "nofollow noopener":
            del attrs["rel"]
        if tag == "img" and attrs.get("loading") == "lazy":
            del attrs["loading"]
        classes = attrs.pop("class", "").split()
        for name in classes:
            if name.startswith("align-"):
                attrs["align"] = name.removeprefix("align-")
        kept = [name for name in classes if name not in SITE_CLASSES and not name.startswith("align-")]
        if kept:
            attrs["class"] = " ".join(kept)
        return tag, attrs

    def emit_start(self, tag, attrs):
        if tag == "code":
            attrs.pop("class", None)  # highlighting: only known languages keep language-…
        text = "".join(f' {name}="{escape(value or "")}"' for name, value in sorted(attrs.items()))
        self.out.append(("tag", tag, f"<{tag}{text}>"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag == "a"
            return
        if tag in VOID_TAGS:
            return
        if self.rendered and tag == "span" and self.spans and self.spans.pop():
            return
        if not self.rendered and tag == "h1":
            tag = "h2"
        if tag == "pre":
            self.in_pre -= 1
        self.out.append(("tag", tag, f"</{tag}>"))

    def handle_comment(self, data):
        self.out.append(("comment", None, f"<!--{escape(data, quote=False)}-->"))

    def handle_data(self, data):
        if self.skipping:
            return
        text = escape(data, quote=False)
        self.out.append(("pre" if self.in_pre else "text", None, text))

    def result(self):
        pieces = []
        for kind, tag, text in self.out:
            if kind == "text":
                text = re.sub(r"\s+", " ", text)
            pieces.append((kind, tag, text))
        # Whitespace next to a block element's tags is not content.
        joined = []
        for index, (kind, _tag, text) in enumerate(pieces):
            if kind == "text":
                before = pieces[index - 1] if index else None
                after = pieces[index + 1] if index + 1 < len(pieces) else None
                if before is None or (before[0] == "tag" and before[1] in BLOCK_TAGS):
                    text = text.lstrip()
                if after is None or (after[0] == "tag" and after[1] in BLOCK_TAGS):
                    text = text.rstrip()
            joined.append(text)
        return "".join(joined)


class Inventory(HTMLParser):
    """Every tag name, attribute name and URL scheme an HTML fragment uses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.schemes = set(), set(), set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.-]*):", value or "")
            if scheme:
                self.schemes.add(scheme.group(1).lower())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.tags.add(tag)


def as_a_browser_builds_it(html):
    """The HTML as an HTML5 parser builds its tree (open elements closed, <tbody> added, stray end
    tags dropped), with nothing removed: the sanitiser's own parser, allowing everything the
    fragment uses. The site's output has been through that parser; the spec's HTML has not."""
    inventory = Inventory()
    inventory.feed(html)
    inventory.close()
    return nh3.clean(
        html,
        tags=inventory.tags | {"tbody"},
        clean_content_tags=set(),
        attributes={"*": inventory.attributes},
        url_schemes=inventory.schemes | {"http", "https", "mailto"},
        strip_comments=False,
        link_rel=None,
    )


def canonical(html, rendered):
    parser = Canonical(rendered)
    parser.feed(html if rendered else as_a_browser_builds_it(html))
    parser.close()
    return parser.result()


def normalise_rendered(html):
    return canonical(html, rendered=True)


def normalise_expected(html):
    return canonical(html, rendered=False)


def differing(examples):
    return {
        example["number"]
        for example in examples
        if normalise_rendered(render_markdown(example["markdown"])) != normalise_expected(example["html"])
    }


@pytest.fixture
def generous_limit(settings):
    settings.KB_MARKDOWN_TIME_LIMIT = 30


def report(name, examples, listed):
    reasons = Counter(listed.values())
    by_reason = "".join(f"\n  {count:3} {reason}" for reason, count in reasons.most_common())
    sys.stdout.write(
        f"\n{name}: {len(examples)} examples, {len(examples) - len(listed)} identical after "
        f"normalising, {len(listed)} differ on purpose, 0 unexplained{by_reason}\n"
    )


def test_commonmark_spec_examples_render_as_the_spec_says(generous_limit):
    examples = commonmark_examples()
    assert len(examples) == 652
    differ = differing(examples)
    assert sorted(differ - COMMONMARK_SANITISED.keys()) == [], "unexplained differences"
    assert sorted(COMMONMARK_SANITISED.keys() - differ) == [], "listed as sanitised but identical"
    report("CommonMark 0.31.2", examples, COMMONMARK_SANITISED)


def test_gfm_extension_examples_render_as_the_spec_says(generous_limit):
    examples = gfm_extension_examples()
    assert len(examples) == 28
    differ = differing(examples)
    assert sorted(differ - GFM_SANITISED.keys()) == [], "unexplained differences"
    assert sorted(GFM_SANITISED.keys() - differ) == [], "listed as sanitised but identical"
    report("GFM 0.29 extensions", examples, GFM_SANITISED)


def test_the_normalising_still_tells_different_html_apart():
    assert normalise_expected("<p>a <em>b</em></p>\n") != normalise_rendered("<p>a b</p>")
    assert normalise_expected('<a href="/x">y</a>') != normalise_rendered('<a href="/z">y</a>')
    assert normalise_expected("<pre><code>a  b\n</code></pre>") != normalise_rendered(
        "<pre><code>a b\n</code></pre>"
    )
    assert normalise_expected("<h1>T</h1>") == normalise_rendered(
        '<h2 id="t">T <a class="heading-anchor" href="#t" aria-label="Link to section: T">#</a></h2>'
    )
