"""Read a WordPress export (WXR, the RSS 2.0 file from Tools → Export) into plain data.

Only what the import uses is read. defusedxml refuses entity tricks (an export file is uploaded by
a person, and may not come from a site we trust).
"""

import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
WP_PREFIX = "{http://wordpress.org/export/"
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
NO_DATE = "0000-00-00 00:00:00"


class WXRError(Exception):
    """The file is not a WordPress export this importer can read."""


@dataclass
class Item:
    wordpress_id: int
    post_type: str
    status: str
    title: str
    slug: str
    link: str
    creator: str
    content: str
    excerpt: str
    published: datetime | None
    modified: datetime | None
    password: str = ""
    categories: list = field(default_factory=list)  # (slug, name), in the export's order
    tags: list = field(default_factory=list)  # (slug, name)
    comment_count: int = 0


@dataclass
class Export:
    title: str
    version: str
    home_path: str  # where the old site's home page was, such as "/" or "/blog/"
    authors: dict  # login -> display name
    categories: dict  # slug -> name
    items: list


def read_export(path):
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise WXRError(f"not readable as XML: {error}") from error
    channel = root.find("channel")
    children = list(channel) if root.tag == "rss" and channel is not None else []
    version_element = next((child for child in children if child.tag.startswith(WP_PREFIX)
                            and child.tag.endswith("}wxr_version")), None)  # fmt: skip
    if version_element is None:
        raise WXRError("not a WordPress export (no <wp:wxr_version> in an RSS channel)")
    version = (version_element.text or "").strip()
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(sorted(SUPPORTED_VERSIONS))
        raise WXRError(f"WXR version {version!r} is not supported (only {supported})")
    wp = version_element.tag.split("}")[0] + "}"
    excerpt = wp.rstrip("}") + "excerpt/}"
    blog_url = _text(channel, f"{wp}base_blog_url") or _text(channel, "link")
    return Export(
        title=_text(channel, "title"),
        version=version,
        home_path=urlsplit(blog_url).path.rstrip("/") + "/",
        authors={
            _text(author, f"{wp}author_login"): _name(_text(author, f"{wp}author_display_name"))
            or _text(author, f"{wp}author_login")
            for author in channel.findall(f"{wp}author")
        },
        categories={
            _decoded(_text(category, f"{wp}category_nicename")): _name(_text(category, f"{wp}cat_name"))
            for category in channel.findall(f"{wp}category")
        },
        items=[_read_item(item, wp, excerpt) for item in channel.findall("item")],
    )


def _read_item(item, wp, excerpt):
    terms = item.findall("category")
    return Item(
        wordpress_id=_integer(_text(item, f"{wp}post_id")),
        post_type=_text(item, f"{wp}post_type") or "post",
        status=_text(item, f"{wp}status") or "draft",
        title=_text(item, "title"),
        slug=_decoded(_text(item, f"{wp}post_name")),
        link=_text(item, "link"),
        creator=_text(item, f"{DC}creator"),
        content=_text(item, f"{CONTENT}encoded"),
        excerpt=_text(item, f"{excerpt}encoded"),
        published=_date(
            _text(item, f"{wp}post_date_gmt"), _text(item, f"{wp}post_date"), _text(item, "pubDate")
        ),
        modified=_date(_text(item, f"{wp}post_modified_gmt"), _text(item, f"{wp}post_modified")),
        password=_text(item, f"{wp}post_password"),
        categories=[_term(term) for term in terms if term.get("domain") == "category"],
        tags=[_term(term) for term in terms if term.get("domain") == "post_tag"],
        comment_count=len(item.findall(f"{wp}comment")),
    )


def _text(element, tag):
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _integer(text):
    try:
        return int(text)
    except ValueError as error:
        raise WXRError(f"an item has no valid <wp:post_id>: {text!r}") from error


def _decoded(slug):
    """WordPress stores non-ASCII slugs percent-encoded ("caf%c3%a9")."""
    return unquote(slug)


def _name(text):
    """WordPress keeps names of terms and people HTML-escaped ("Account &amp; billing")."""
    return html.unescape(text).strip()


def _term(element):
    return _decoded(element.get("nicename", "")), _name(element.text or "")


def _date(gmt, local="", rss=""):
    """The first usable date: WordPress's UTC date, else its local one (taken as UTC), else RSS's."""
    for text in (gmt, local):
        if text and text != NO_DATE:
            try:
                return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    if rss:
        try:
            return parsedate_to_datetime(rss).astimezone(UTC)
        except (TypeError, ValueError):
            return None
    return None


def old_path(link):
    """The decoded path of an old permalink, or "" when it is only the home page with a query."""
    parts = urlsplit(link)
    path = unquote(parts.path)
    return path if path.strip("/") else ""
