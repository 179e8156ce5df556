"""WordPress post HTML to the site's Markdown, with a list of what did not survive the trip.

markdownify does the HTML work: it is MIT-licensed (html2text is GPL), built on BeautifulSoup, and
each element's conversion is a method we can override, which is how unconvertible elements are
noticed and reported instead of silently dropped. What is WordPress-specific happens around it:
classic-editor paragraphs (WordPress adds <p> only when it displays a post), Gutenberg block
comments, shortcodes and embeds.
"""

import html as html_lib
import json
import re
from dataclasses import dataclass, field

from markdownify import MarkdownConverter

# Core blocks whose saved HTML says all there is to say; any other block is reported.
KNOWN_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "image", "quote", "code", "preformatted", "table",
    "separator", "gallery", "html", "group", "columns", "column", "buttons", "button", "spacer",
    "pullquote", "verse", "shortcode", "more", "nextpage", "details", "freeform", "embed",
}  # fmt: skip
# Shortcodes recognised by name even without attributes or a closing tag.
KNOWN_SHORTCODES = {
    "gallery", "audio", "video", "playlist", "embed", "caption", "wp_caption", "contact-form-7",
    "contact-form", "gravityform", "wpforms", "su_note", "toc", "table", "recent_posts",
}  # fmt: skip

_BLOCK_COMMENT = re.compile(r"<!--\s*(/?)wp:([a-z0-9_-]+(?:/[a-z0-9_-]+)?)\s*(\{.*?\})?\s*(/?)-->", re.DOTALL)
_EMBED_BLOCK = re.compile(
    r"<!--\s*wp:((?:core-)?embed(?:/[a-z0-9_-]+)?)\s*(\{.*?\})?\s*-->(.*?)<!--\s*/wp:\1\s*-->", re.DOTALL
)
_MARKER_COMMENT = re.compile(r"<!--\s*(more|nextpage)\b.*?-->", re.DOTALL)
_CAPTION = re.compile(r"\[(caption|wp_caption)\b[^\]]*\](.*?)\[/\1\]", re.DOTALL)
_EMBED_SHORTCODE = re.compile(r"\[embed\b[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.DOTALL)
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\[\]]*?)?)(/?)\]")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
_BLOCK_START = re.compile(
    r"^\s*</?(?:p|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|pre|div|figure|hr|dl|dd|dt|"
    r"section|iframe|form|address|details|summary)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = "WPKBPLACEHOLDER{}X"
_PLACEHOLDER_PATTERN = re.compile(r"WPKBPLACEHOLDER(\d+)X")
_BARE_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$", re.MULTILINE)


@dataclass
class Conversion:
    markdown: str
    problems: list = field(default_factory=list)
    images: list = field(default_factory=list)


class _Converter(MarkdownConverter):
    """markdownify with the site's Markdown habits, noting what it cannot carry over."""

    def __init__(self, problems, images):
        super().__init__(heading_style="ATX", bullets="-", newline_style="backslash", autolinks=True)
        self.problems = problems
        self.images = images

    def convert_img(self, el, text, parent_tags):
        src = el.attrs.get("src", "")
        if src and src not in self.images:
            self.images.append(src)
        return super().convert_img(el, text, parent_tags)

    def convert_figure(self, el, text, parent_tags):
        return f"\n\n{text.strip()}\n\n"

    def convert_iframe(self, el, text, parent_tags):
        return self._as_link("an embedded frame", el.attrs.get("src", ""))

    def convert_video(self, el, text, parent_tags):
        return self._as_link("a video", _media_source(el))

    def convert_audio(self, el, text, parent_tags):
        return self._as_link("an audio player", _media_source(el))

    def convert_object(self, el, text, parent_tags):
        return self._as_link("an embedded object", el.attrs.get("data", ""))

    def convert_embed(self, el, text, parent_tags):
        return self._as_link("an embedded object", el.attrs.get("src", ""))

    def convert_script(self, el, text, parent_tags):
        self.problems.append("a script was dropped")
        return ""

    def convert_style(self, el, text, parent_tags):
        self.problems.append("a style sheet was dropped")
        return ""

    def convert_form(self, el, text, parent_tags):
        self.problems.append("a form was dropped (forms do not carry over)")
        return ""

    def convert_table(self, el, text, parent_tags):
        if el.find(attrs={"colspan": True}) or el.find(attrs={"rowspan": True}):
            self.problems.append("a table with merged cells became a simple table: check its layout")
        return super().convert_table(el, text, parent_tags)

    def _as_link(self, what, url):
        if not url:
            self.problems.append(f"{what} without an address was dropped")
            return ""
        self.problems.append(f"{what} became a link: {url}")
        return f"\n\n<{url}>\n\n"


def _media_source(el):
    source = el.find("source", attrs={"src": True})
    return el.attrs.get("src") or (source.attrs["src"] if source else "")


def html_to_markdown(html):
    """Convert one post's HTML; `problems` lists what an editor should check by hand."""
    problems, images, hidden = [], [], []
    html = html or ""
    is_block_editor = "<!-- wp:" in html
    html = _replace_embed_blocks(html, problems)
    html = _report_and_strip_block_comments(html, problems)
    html = _MARKER_COMMENT.sub("", html)
    html = _CAPTION.sub(_caption_as_figure, html)
    html = _EMBED_SHORTCODE.sub(lambda m: _embed_link(m.group(1), problems), html)
    html = _hide_shortcodes(html, problems, hidden)
    if not is_block_editor:
        # The classic editor turns a URL alone on a line into an embed when it shows the post.
        link_embed = lambda match: _embed_link(match[1], problems)  # noqa: E731
        html = _outside_pre(html, lambda text: _BARE_URL_LINE.sub(link_embed, text))
        html = _outside_pre(html, add_paragraphs)
    markdown = _Converter(problems, images).convert(html)
    markdown = _PLACEHOLDER_PATTERN.sub(lambda m: hidden[int(m.group(1))], markdown)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() + "\n"
    return Conversion(markdown=markdown, problems=_unique(problems), images=images)


def _replace_embed_blocks(html, problems):
    """An embed block (a YouTube video, a tweet) becomes a link to what it embedded."""

    def replace(match):
        attributes = _block_attributes(match.group(2))
        url = attributes.get("url") or re.sub(r"<[^>]*>", " ", match.group(3)).strip().split(" ")[0]
        return _embed_link(url, problems) if url else ""

    return _EMBED_BLOCK.sub(replace, html)


def _embed_link(url, problems):
    problems.append(f"an embed became a link: {url}")
    url = html_lib.escape(url)
    return f'\n\n<p><a href="{url}">{url}</a></p>\n\n'


def _block_attributes(text):
    try:
        attributes = json.loads(text) if text else {}
    except ValueError:
        return {}
    return attributes if isinstance(attributes, dict) else {}


def _report_and_strip_block_comments(html, problems):
    def strip(match):
        closing, name, _attributes, self_closing = match.groups()
        short_name = name.removeprefix("core/")
        if closing:
            return ""
        if self_closing and short_name not in {"more", "nextpage", "separator", "spacer"}:
            problems.append(f"block wp:{name} is built when shown and has no saved content: dropped")
        elif short_name not in KNOWN_BLOCKS:
            problems.append(f"unknown block wp:{name}: only its saved HTML was kept")
        return ""

    return _BLOCK_COMMENT.sub(strip, html)


def _caption_as_figure(match):
    """[caption]<img …> Text[/caption] is WordPress's figure with a caption."""
    inner = match.group(2)
    image = _IMG_TAG.search(inner)
    if not image:
        return inner
    caption = (inner[: image.start()] + inner[image.end() :]).strip()
    caption = re.sub(r"^</a>|<a\b[^>]*>$", "", caption).strip()
    return f"<figure>{image.group(0)}<figcaption>{caption}</figcaption></figure>"


def _hide_shortcodes(html, problems, hidden):
    """Shortcodes only mean something to the plugin that defined them: keep each in an HTML comment
    (the sanitiser removes comments, so readers never see it; editors find it in the Markdown).
    Text in brackets that does not look like a shortcode, such as "[sic]", is left alone."""
    closing_names = {match.group(2) for match in _SHORTCODE.finditer(html) if match.group(1)}

    def hide(match):
        closing, name, attributes, _ = match.groups()
        is_shortcode = name in KNOWN_SHORTCODES or name in closing_names or "=" in attributes
        if not is_shortcode:
            return match.group(0)
        if not closing:
            problems.append(f"shortcode {match.group(0)} was not converted (kept as a hidden comment)")
        comment = match.group(0).replace("--", "- -")
        hidden.append(f"<!-- WordPress shortcode: {comment} -->")
        return _PLACEHOLDER.format(len(hidden) - 1)

    return _SHORTCODE.sub(hide, html)


def _outside_pre(html, change):
    """Apply `change` to the HTML outside <pre> blocks, whose text must stay as written."""
    parts = _PRE.split(html)
    return "".join(change(part) if index % 2 == 0 else part for index, part in enumerate(parts))


def add_paragraphs(html):
    """What WordPress's wpautop does for classic-editor posts, in short: blank lines separate
    paragraphs and single line breaks are kept."""
    chunks = re.split(r"\n\s*\n", html.replace("\r\n", "\n"))
    return "\n\n" + "\n\n".join(_paragraph(chunk) for chunk in chunks if chunk.strip()) + "\n\n"


def _paragraph(chunk):
    """Runs of text lines become a paragraph with line breaks; lines that open or close a block
    element (a heading, a list, a table) stay as they are."""
    blocks, text_lines = [], []
    for line in chunk.strip().split("\n"):
        if _BLOCK_START.match(line):
            blocks += [_text_paragraph(text_lines), line] if text_lines else [line]
            text_lines = []
        else:
            text_lines.append(line.strip())
    if text_lines:
        blocks.append(_text_paragraph(text_lines))
    return "\n".join(blocks)


def _text_paragraph(lines):
    return "<p>" + "<br>\n".join(lines) + "</p>"


def _unique(items):
    return list(dict.fromkeys(items))
