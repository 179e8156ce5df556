"""Markdown to safe HTML: the one function that does it.

Posts are rendered once, on save, and the editor's live preview calls the same function, so what an
editor previews is exactly what readers get. markdown-it-py follows CommonMark; nh3 then keeps only
an explicit allow-list of elements, attributes and URL schemes, whatever raw HTML an editor typed.

Parsing has a time limit: some inputs (thousands of unclosed brackets, thousands of identical
headings, very wide tables) take markdown-it-py many seconds, and a worker must not be tied up by
one save or preview. Past the limit, rendering stops with RenderTooSlow, which the edit form and the
preview turn into a message.
"""

import ctypes
import html as html_lib
import multiprocessing
import re
import threading
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from images.sizes import complete_images

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start", "reversed"},
    "section": {"aria-label"},
    "li": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    **{f"h{level}": {"id"} for level in range(2, 7)},
}
# Pygments' short token classes, plus the few classes the footnote plugin sets.
PYGMENTS_CLASSES = set(
    "highlight hll c ch cm cp cpf c1 cs k kc kd kn kp kr kt m mb mf mh mi mo il n na nb bp nc no "
    "nd ni ne nf fm nl nn nx py nt nv vc vg vi vm o ow p s sa sb sc dl sd s2 se sh si sx sr s1 ss "
    "err gd ge gr gh gi go gp gs gu gt w".split()
)
ALLOWED_CLASSES = {
    "span": PYGMENTS_CLASSES,
    "code": {
        f"language-{name}"
        for name in (
            "python",
            "bash",
            "sh",
            "javascript",
            "js",
            "html",
            "css",
            "json",
            "yaml",
            "sql",
            "php",
            "text",
        )
    },
    "section": {"footnotes"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "hr": {"footnotes-sep"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_FORMATTER = HtmlFormatter(nowrap=True)
# Up to this many raw HTML start tags, sanitising takes milliseconds however they nest (Markdown's own
# nesting is capped by the parser); beyond it, deep nesting can make it take seconds.
RAW_TAGS_IN_PROCESS = 500
_RAW_TAG = re.compile(r"<[A-Za-z]")
# A start tag as the sanitiser writes it: every attribute value double-quoted, `"` escaped inside.
_ANCHOR_START_TAG = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')
_HEADING_WITH_ID = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _highlight_code(code, language, _attrs):
    """Pygments markup for a fenced block; an unknown or missing language stays plain text."""
    if not language:
        return ""
    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return ""
    return highlight(code, lexer, _FORMATTER)


def _heading_h1_as_h2(self, tokens, idx, options, env):
    """The page title is the only h1, so a `#` heading in a body becomes an h2."""
    token = tokens[idx]
    if token.tag == "h1":
        token.tag = "h2"
    return self.renderToken(tokens, idx, options, env)


def _footnotes_open(self, tokens, idx, options, env):
    """The footnotes section is named, so it is not an anonymous section in the page's outline."""
    return (
        '<hr class="footnotes-sep">\n'
        '<section class="footnotes" aria-label="Notes">\n'
        '<ol class="footnotes-list">\n'
    )


def _build_parser():
    parser = (
        MarkdownIt("commonmark", {"highlight": _highlight_code})
        .enable(["table", "strikethrough"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=1, max_level=4)
    )
    parser.add_render_rule("heading_open", _heading_h1_as_h2)
    parser.add_render_rule("heading_close", _heading_h1_as_h2)
    parser.add_render_rule("footnote_block_open", _footnotes_open)
    return parser


_PARSER = _build_parser()
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


def _is_external(href):
    parts = urlsplit(href)
    return parts.scheme in {"http", "https"} or href.startswith("//")


def _mark_external_links(html):
    """Give links that leave the site rel="nofollow noopener"; links within it stay plain."""

    def add_rel(match):
        attributes = match.group(1)
        href = _HREF.search(attributes)
        if href and _is_external(href.group(1)):
            return f'<a{attributes} rel="nofollow noopener">'
        return match.group(0)

    return _ANCHOR_START_TAG.sub(add_rel, html)


def _link_headings(html):
    """Give every heading with an id a "#" link to itself, so readers can share a section.

    Added after sanitising, so the allow-list stays what editors may write; the id and the text
    come from the sanitiser's output and are escaped again.
    """

    def add_anchor(match):
        level, anchor, inner = match.groups()
        label = html_lib.escape(" ".join(html_lib.unescape(_TAG.sub("", inner)).split()), quote=True)
        link = f'<a class="heading-anchor" href="#{anchor}" aria-label="Link to section: {label}">#</a>'
        return f'<h{level} id="{anchor}">{inner} {link}</h{level}>'

    return _HEADING_WITH_ID.sub(add_anchor, html)


class RenderTooSlow(Exception):
    """The Markdown took longer than KB_MARKDOWN_TIME_LIMIT seconds to format."""

    def __init__(self, seconds):
        super().__init__(
            f"This text takes more than {seconds:g} seconds to format, which usually means thousands "
            "of unclosed brackets, repeated headings or very deeply nested markup. Simplify that part."
        )


def render_markdown(text):
    """Markdown (with any raw HTML in it) to sanitised HTML, ready to store and print.

    Raises RenderTooSlow when it takes longer than settings.KB_MARKDOWN_TIME_LIMIT seconds.
    """
    text = text or ""
    seconds = settings.KB_MARKDOWN_TIME_LIMIT
    # gunicorn's threaded workers run each request on a thread of their own, where no signal can
    # reach, and forking a child per save or preview costs more than the rendering itself. A watchdog
    # thread therefore stops the parser (pure Python) by raising in the rendering thread. It cannot
    # stop the sanitiser's compiled code, which is slow only on deeply nested raw HTML: text with a
    # lot of raw HTML is rendered in a child process instead, which can be stopped whatever it runs.
    if len(_RAW_TAG.findall(text)) > RAW_TAGS_IN_PROCESS:
        return _render_in_child_process(text, seconds)
    try:
        return _render_within(text, seconds)
    except _TimeUp:
        raise RenderTooSlow(seconds) from None


def _render(text):
    """The whole pipeline, all of it inside the time limit: parse, sanitise, then the additions."""
    html = _PARSER.render(text)
    return complete_images(_link_headings(_mark_external_links(_CLEANER.clean(html))))


class _TimeUp(BaseException):
    """Raised in the rendering thread by its watchdog. Not an Exception, so no `except Exception`
    in the parser's code can swallow it; it becomes RenderTooSlow once out of the parser."""


def _raise_in_thread(thread_id, exception):
    """Have `exception` raised in the thread at its next Python instruction; None withdraws it."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def _render_within(text, seconds):
    """_render(text), stopped by _TimeUp after `seconds`; nothing is left pending afterwards.

    The watchdog raises again every 50 ms in case one raise lands where it cannot stop the parser
    (a finaliser run by the garbage collector reports and drops it). Before returning, the
    watchdog is stopped and joined and a still undelivered raise is withdrawn, retrying if a raise
    lands meanwhile, so none can surface later in unrelated code.
    """
    target = threading.get_ident()
    finished = threading.Event()

    def watch():
        if finished.wait(seconds):
            return
        while True:
            _raise_in_thread(target, _TimeUp)
            if finished.wait(0.05):
                return

    watchdog = threading.Thread(target=watch, name="markdown-time-limit", daemon=True)
    try:
        watchdog.start()
        return _render(text)
    finally:
        while True:
            try:
                finished.set()
                if watchdog.ident is not None:
                    watchdog.join()
                _raise_in_thread(target, None)
                break
            except _TimeUp:
                continue


def _render_in_child_process(text, seconds):
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_send_rendered, args=(text, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            raise RenderTooSlow(seconds)
        return receiver.recv()
    finally:
        child.join()
        receiver.close()


def _send_rendered(text, sender):
    sender.send(_render(text))
    sender.close()
