"""The one place that builds a page's head.

Each public view builds a `PageMeta` with one of the functions below; `templates/includes/head.html`
prints it: the `<title>`, meta description, absolute canonical URL, Open Graph and Twitter Card tags,
feed autodiscovery links and one JSON-LD script. Absolute URLs use the origin of the request, as
Django's sitemaps and syndication frameworks do; the host is one of DJANGO_ALLOWED_HOSTS, and the
scheme is https behind a proxy when DJANGO_HTTPS is on.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from .text import cut_at_word

DESCRIPTION_LENGTH = 160
SCHEMA_CONTEXT = "https://schema.org"
RSS = "application/rss+xml"
ATOM = "application/atom+xml"

# Post text must never close the script element it is embedded in, nor start a comment or entity:
# these characters are written as JSON escapes, which parse back to the same text.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class FeedLink:
    title: str
    url: str
    type: str


@dataclass
class PageMeta:
    name: str  # what the page is called, without the site's name: og:title, twitter:title
    title: str  # the document's <title>, unique per page
    description: str
    canonical: str | None = None
    og_type: str = "website"
    robots: str | None = None
    feeds: list[FeedLink] = field(default_factory=list)
    article: dict = field(default_factory=dict)  # article:* Open Graph properties
    structured_data: list[dict] = field(default_factory=list)

    @property
    def json_ld(self):
        """The structured data as the text of one script element, safe to print unescaped."""
        if not self.structured_data:
            return ""
        data = {"@context": SCHEMA_CONTEXT, "@graph": self.structured_data}
        return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE))


def absolute(request, path):
    return request.build_absolute_uri(path)


def site_title(*parts):
    return " · ".join([*(str(part) for part in parts if part), settings.SITE_NAME])


def meta_description(text):
    return cut_at_word(text, DESCRIPTION_LENGTH)


def category_description(category):
    """What a category is about, for its page head and its feeds alike."""
    return category.description or f"Posts about {category.name} on {settings.SITE_NAME}."


def paged(name, page_obj):
    """A list page's name, with its page number after the first page so each title is unique."""
    if page_obj is not None and page_obj.number > 1:
        return f"{name} · page {page_obj.number}"
    return name


def list_canonical(request, path, page_obj):
    """The list's own address: every query string dropped except a page number after the first."""
    if page_obj is not None and page_obj.number > 1:
        path = f"{path}?page={page_obj.number}"
    return absolute(request, path)


def site_feeds(request):
    return [
        FeedLink(f"{settings.SITE_NAME}: all posts (RSS)", absolute(request, reverse("posts:feed")), RSS),
        FeedLink(f"{settings.SITE_NAME}: all posts (Atom)", absolute(request, reverse("posts:atom")), ATOM),
    ]


def category_feeds(request, category):
    kwargs = {"slug": category.slug}
    return [
        FeedLink(
            f"{settings.SITE_NAME}: {category.name} (RSS)",
            absolute(request, reverse("posts:category_feed", kwargs=kwargs)),
            RSS,
        ),
        FeedLink(
            f"{settings.SITE_NAME}: {category.name} (Atom)",
            absolute(request, reverse("posts:category_atom", kwargs=kwargs)),
            ATOM,
        ),
    ]


def publisher(request):
    return {
        "@type": "Organization",
        "@id": absolute(request, reverse("posts:home")) + "#publisher",
        "name": settings.SITE_NAME,
        "url": absolute(request, reverse("posts:home")),
    }


def person(request, author):
    data = {"@type": "Person", "name": author.name, "url": absolute(request, author.get_absolute_url())}
    if author.job_title:
        data["jobTitle"] = author.job_title
    return data


def breadcrumb_list(request, crumbs):
    """BreadcrumbList for the trail the page shows: Home, then the view's (name, url) crumbs."""
    trail = [("Home", reverse("posts:home")), *crumbs]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(request, url)}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def page_meta(request, name, description="", path=None, robots=None):
    """The head of a plain page: its name, a description, the canonical `path` if it has one.

    Pages that search engines should not index (search results, errors) pass robots="noindex".
    """
    return PageMeta(
        name=name,
        title=site_title(name) if name != settings.SITE_NAME else name,
        description=meta_description(description or settings.SITE_TAGLINE),
        canonical=absolute(request, path) if path else None,
        robots=robots,
        feeds=site_feeds(request),
    )


def default_meta(request):
    """For pages whose view builds no head of its own: the site's name, tagline and feeds."""
    return page_meta(request, settings.SITE_NAME)


def error_meta(request, name):
    """Error pages have no canonical address and are kept out of search indexes."""
    return page_meta(request, name, robots="noindex")


def home_meta(request, page_obj):
    canonical = list_canonical(request, reverse("posts:home"), page_obj)
    website = {
        "@type": "WebSite",
        "@id": absolute(request, reverse("posts:home")) + "#website",
        "name": settings.SITE_NAME,
        "description": settings.SITE_TAGLINE,
        "url": absolute(request, reverse("posts:home")),
        "publisher": publisher(request),
    }
    title = site_title(f"Page {page_obj.number}") if page_obj and page_obj.number > 1 else settings.SITE_NAME
    return PageMeta(
        name=settings.SITE_NAME,
        title=title,
        description=meta_description(settings.SITE_TAGLINE),
        canonical=canonical,
        feeds=site_feeds(request),
        structured_data=[website],
    )


def category_meta(request, category, page_obj, crumbs):
    name = paged(category.name, page_obj)
    return PageMeta(
        name=name,
        title=site_title(name),
        description=meta_description(category_description(category)),
        canonical=list_canonical(request, category.get_absolute_url(), page_obj),
        feeds=[*category_feeds(request, category), *site_feeds(request)],
        structured_data=[breadcrumb_list(request, crumbs)],
    )


def tag_meta(request, tag, page_obj, crumbs):
    name = paged(f"Tag: {tag.name}", page_obj)
    return PageMeta(
        name=name,
        title=site_title(name),
        description=meta_description(f"Posts tagged {tag.name} on {settings.SITE_NAME}."),
        canonical=list_canonical(request, tag.get_absolute_url(), page_obj),
        feeds=site_feeds(request),
        structured_data=[breadcrumb_list(request, crumbs)],
    )


def faq_index_meta(request, category, faqs, crumbs):
    """A category's FAQ page: every question with its answer, as one FAQPage."""
    name = f"{category.name}: frequently asked questions"
    canonical = absolute(request, category.get_faq_url())
    questions = [
        {"@type": "Question", "name": faq.title, "acceptedAnswer": {"@type": "Answer", "text": faq.body_html}}
        for faq in faqs
    ]
    page = {"@type": "FAQPage", "@id": canonical, "url": canonical, "inLanguage": settings.LANGUAGE_CODE}
    structured_data = [{**page, "mainEntity": questions}] if questions else []
    structured_data.append(breadcrumb_list(request, crumbs))
    return PageMeta(
        name=name,
        title=site_title(name),
        description=meta_description(f"Answers to common questions about {category.name}."),
        canonical=canonical,
        feeds=[*category_feeds(request, category), *site_feeds(request)],
        structured_data=structured_data,
    )


def author_meta(request, author, page_obj, crumbs):
    name = paged(author.name, page_obj)
    about = f"{author.name}, {author.job_title}" if author.job_title else author.name
    return PageMeta(
        name=name,
        title=site_title(name),
        description=meta_description(author.bio or f"Posts by {about} on {settings.SITE_NAME}."),
        canonical=list_canonical(request, author.get_absolute_url(), page_obj),
        og_type="profile",
        feeds=site_feeds(request),
        structured_data=[
            {"@type": "ProfilePage", "mainEntity": person(request, author)},
            breadcrumb_list(request, crumbs),
        ],
    )


def post_meta(request, post, crumbs):
    canonical = absolute(request, post.get_absolute_url())
    description = meta_description(post.summary)
    main = faq_page(post, canonical) if post.kind == post.Kind.FAQ else article(request, post, canonical)
    return PageMeta(
        name=post.title,
        title=site_title(post.title),
        description=description,
        canonical=canonical,
        og_type="article",
        robots=None if post.is_public else "noindex",
        feeds=[*category_feeds(request, post.category), *site_feeds(request)],
        article={
            "published_time": post.published_at.isoformat() if post.published_at else "",
            "modified_time": post.updated_at.isoformat(),
            "section": post.category.name,
            "author": absolute(request, post.author.get_absolute_url()),
        },
        structured_data=[main, breadcrumb_list(request, crumbs)],
    )


def article(request, post, canonical):
    data = {
        "@type": "Article",
        "headline": post.title,
        "description": meta_description(post.summary),
        "author": person(request, post.author),
        "dateModified": post.updated_at.isoformat(),
        "publisher": publisher(request),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "articleSection": post.category.name,
        "url": canonical,
        "inLanguage": settings.LANGUAGE_CODE,
    }
    if post.published_at:
        data["datePublished"] = post.published_at.isoformat()
    return data


def faq_page(post, canonical):
    """An FAQ post is one question, its title, answered by its body (sanitised HTML)."""
    return {
        "@type": "FAQPage",
        "@id": canonical,
        "url": canonical,
        "inLanguage": settings.LANGUAGE_CODE,
        "mainEntity": [
            {
                "@type": "Question",
                "name": post.title,
                "acceptedAnswer": {"@type": "Answer", "text": post.body_html},
            }
        ],
    }
