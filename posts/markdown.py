"""Markdown to safe HTML: the one function that does it.

Posts are rendered once, on save, and the editor's live preview calls the same function, so what an
editor previews is exactly what readers get. markdown-it-py follows CommonMark, with GitHub's
extensions (tables, strikethrough, autolinks, task lists) and footnotes; nh3 then keeps only an
explicit allow-list of elements, attributes and URL schemes, whatever raw HTML an editor typed.

Raw HTML the allow-list refuses is shown as typed, as GitHub does, rather than handed to the
sanitiser: an HTML parser reads everything after `<script>`, `<style>`, `<title>`, `<textarea>` and
the like as that element's content, so "Load it with a <script> tag." would lose the rest of the
post. The one exception is a start tag carrying an event handler (`<svg onload=…>`): that is an
attack, not prose, and the sanitiser drops the tag, keeping its text.

Parsing has a time limit: some inputs (thousands of unclosed brackets, thousands of identical
headings, very wide tables) take markdown-it-py many seconds, and a worker must not be tied up by
one save or preview. Past the limit, rendering stops with RenderTooSlow, which the edit form and the
preview turn into a message.
"""

import ctypes
import html as html_lib
import multiprocessing
import re
import string
import threading
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin
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
    # `name` and `id`: in-page anchors an editor links to with `[see below](#name)`.
    "a": {"href", "title", "id", "name"},
    "abbr": {"title"},
    "details": {"open"},
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
    "ol": {"footnotes-list", "contains-task-list"},
    "ul": {"contains-task-list"},
    "li": {"footnote-item", "task-list-item", "task-list-item-checked"},
    # Table column alignment (`|--:|`): a class, because the site's CSP forbids inline styles.
    "th": {"align-left", "align-center", "align-right"},
    "td": {"align-left", "align-center", "align-right"},
    "sup": {"footnote-ref"},
    "a": {"footnote-backref"},
    "hr": {"footnotes-sep"},
}
# Only the `type` values HTML defines for a list's numbering.
ALLOWED_ATTRIBUTE_VALUES = {"ol": {"type": {"1", "a", "A", "i", "I"}}}
# Schemes that open a page, a mail, a call or a chat; never one that runs or embeds content
# (javascript:, vbscript:, data:, file: …), which the sanitiser removes with the href.
URL_SCHEMES = {"http", "https", "mailto", "tel", "ftp", "irc", "ircs", "xmpp"}
# Links with these leave the site and get rel="nofollow noopener".
EXTERNAL_SCHEMES = {"http", "https", "ftp", "irc", "ircs"}
# Elements whose content an HTML parser reads as raw text up to their end tag (or to the end of the
# document), so that sanitising them would swallow or garble everything typed after them.
RAW_TEXT_ELEMENTS = {
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
    "plaintext",
}  # fmt: skip

_FORMATTER = HtmlFormatter(nowrap=True)
# Up to this many raw HTML tags, comments and declarations, sanitising takes milliseconds however
# they nest (Markdown's own nesting is capped by the parser); beyond it, deep nesting can make it
# take seconds.
RAW_TAGS_IN_PROCESS = 500
_RAW_TAG = re.compile(r"<[A-Za-z/?!]")
# A start tag as the sanitiser writes it: every attribute value double-quoted, `"` escaped inside.
_ANCHOR_START_TAG = re.compile(r'<a((?: [a-z-]+="[^"]*")*)>')
_HREF = re.compile(r' href="([^"]*)"')
_HEADING_WITH_ID = re.compile(r'<h([2-6]) id="([^"]+)">(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# Where raw HTML starts: a tag (its name), a comment (left to the sanitiser, which drops it), or
# a processing instruction, declaration or CDATA section (refused, so shown as typed).
_RAW_HTML_START = re.compile(r"<(?:/?(?P<name>[A-Za-z][A-Za-z0-9-]*)|(?P<comment>!--)|[?!])")
_EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
_LOCAL_PART_CHARACTERS = string.ascii_letters + string.digits + ".+_-"
_TASK_ITEM_START = re.compile(r'<li class="task-list-item( task-list-item-checked)?">(\n<p>)?')


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


def _escape_refused_html(self, tokens, idx, options, env):
    """Raw HTML as typed, except the pieces the sanitiser would refuse, whose `<` is escaped.

    One pass over the text, looking only from each `<` to the next: whatever an editor typed, this
    takes time in proportion to its length (regular expressions matching whole tags could take
    seconds on thousands of unclosed ones, in compiled code the time limit cannot stop).
    """
    html = tokens[idx].content
    out = []
    done = 0
    for match in _RAW_HTML_START.finditer(html):
        position = match.start()
        name = (match.group("name") or "").lower()
        if match.group("comment") or name in ALLOWED_TAGS:
            continue
        if name == "h1":
            # The page title is the only h1, as for a `#` heading.
            out.append(html[done : match.start("name")] + "h2")
            done = match.end("name")
            continue
        if name and name not in RAW_TEXT_ELEMENTS:
            following = html.find("<", position + 1)
            following = len(html) if following == -1 else following
            tag_end = html.find(">", position, following)
            if _EVENT_HANDLER.search(html, position, following if tag_end == -1 else tag_end):
                continue
        out.append(html[done:position] + "&lt;")
        done = position + 1
    out.append(html[done:])
    return "".join(out)


def _strikethrough_as_del(self, tokens, idx, options, env):
    """`~~x~~` is deleted text, as GitHub renders it."""
    tokens[idx].tag = "del"
    return self.renderToken(tokens, idx, options, env)


def _cell_open(self, tokens, idx, options, env):
    """A column's alignment as a class (`align-right`): the site's CSP forbids style attributes."""
    token = tokens[idx]
    style = token.attrGet("style")
    if style and style.startswith("text-align:"):
        del token.attrs["style"]
        token.attrJoin("class", "align-" + style.removeprefix("text-align:"))
    return self.renderToken(tokens, idx, options, env)


def _task_item_open(self, tokens, idx, options, env):
    """A task item (`- [x]`) carries its state as a class; its checkbox is added after sanitising,
    so the allow-list admits no form controls."""
    token = tokens[idx]
    if token.meta and token.meta.get("checked"):
        token.attrJoin("class", "task-list-item-checked")
    return self.renderToken(tokens, idx, options, env)


def _email_local_part_across_delimiters(state):
    """Complete bare e-mail autolinks whose local part has a `_` (`first_last@example.com`).

    The autolink rule reads the local part back from the text before the `@`, but the parser has
    already split that text at the `_`, which could have started emphasis; the pieces of the local
    part left before the link are moved into it, as GFM's autolinks extension reads it.
    """
    for block in state.tokens:
        children = block.children or []
        for index, token in enumerate(children):
            href = token.attrGet("href") if token.type == "link_open" else None
            if token.info != "auto" or not str(href or "").startswith("mailto:"):
                continue
            moved = ""
            before = index - 1
            while before >= 0 and children[before].type == "text":
                text = children[before].content
                part = text[len(text.rstrip(_LOCAL_PART_CHARACTERS)) :]
                moved = part + moved
                children[before].content = text[: len(text) - len(part)]
                if part != text:
                    break
                before -= 1
            if moved:
                address = moved + href.removeprefix("mailto:")
                token.attrSet("href", "mailto:" + address)
                children[index + 1].content = moved + children[index + 1].content


def _footnotes_open(self, tokens, idx, options, env):
    """The footnotes section is named, so it is not an anonymous section in the page's outline."""
    return (
        '<hr class="footnotes-sep">\n'
        '<section class="footnotes" aria-label="Notes">\n'
        '<ol class="footnotes-list">\n'
    )


def _build_parser():
    options = {"highlight": _highlight_code, "tasklists": True, "strikethrough_single_tilde": True}
    parser = (
        MarkdownIt("commonmark", options)
        .enable(["table", "strikethrough"])
        .use(gfm_autolink_plugin)
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=1, max_level=4)
    )
    parser.core.ruler.after("inline", "email_local_part", _email_local_part_across_delimiters)
    parser.add_render_rule("heading_open", _heading_h1_as_h2)
    parser.add_render_rule("heading_close", _heading_h1_as_h2)
    parser.add_render_rule("html_block", _escape_refused_html)
    parser.add_render_rule("html_inline", _escape_refused_html)
    parser.add_render_rule("s_open", _strikethrough_as_del)
    parser.add_render_rule("s_close", _strikethrough_as_del)
    parser.add_render_rule("th_open", _cell_open)
    parser.add_render_rule("td_open", _cell_open)
    parser.add_render_rule("list_item_open", _task_item_open)
    parser.add_render_rule("footnote_block_open", _footnotes_open)
    return parser


_PARSER = _build_parser()
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes=ALLOWED_CLASSES,
    tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


def _is_external(href):
    parts = urlsplit(href)
    return parts.scheme in EXTERNAL_SCHEMES or href.startswith("//")


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


def _add_task_checkboxes(html):
    """A disabled checkbox at the start of each task item, ticked when done.

    A span with the checkbox role rather than an <input>: it cannot be typed into or submitted,
    and the allow-list stays free of form controls. site.css draws the box.
    """

    def add_checkbox(match):
        checked = "true" if match.group(1) else "false"
        label = "Done" if match.group(1) else "To do"
        box = (
            f'<span class="task-list-item-checkbox" role="checkbox" aria-checked="{checked}" '
            f'aria-disabled="true" aria-label="{label}"></span> '
        )
        return match.group(0) + box

    return _TASK_ITEM_START.sub(add_checkbox, html)


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
    # gunicorn serves requests off the main thread (its gthread workers, and its sync workers too
    # since they hand requests to a thread pool), where no timer signal can be used, and forking a
    # child per save or preview costs far more than the rendering itself. A watchdog thread
    # therefore stops the parser (pure Python) by raising in the rendering thread. It cannot
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
    html = _mark_external_links(_CLEANER.clean(html))
    return complete_images(_add_task_checkboxes(_link_headings(html)))


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
