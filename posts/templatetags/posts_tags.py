from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from posts.models import Category, Post
from posts.text import cut_at_word

register = template.Library()

RECENT_POSTS = 6
SIDEBAR_EXCERPT_LENGTH = 110


def newest_posts():
    """The posts the sidebar lists; post pages derive their ETag from the same query."""
    fields = ["title", "slug", "summary", "published_at", "updated_at"]
    return Post.objects.published().only(*fields)[:RECENT_POSTS]


@register.inclusion_tag("includes/recent_posts.html")
def recent_posts():
    """The sidebar: the newest published posts, each with a short excerpt and its age."""
    return {"recent_posts": newest_posts()}


@register.inclusion_tag("includes/category_nav.html", takes_context=True)
def category_nav(context):
    return {"categories": Category.objects.only("name", "slug"), "request": context.get("request")}


@register.filter
def short_excerpt(text, length=SIDEBAR_EXCERPT_LENGTH):
    return cut_at_word(text, int(length))


@register.filter
def age(value):
    """How long ago, in the largest unit only: "3 months ago", "1 day ago", "just now"."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.filter
def machine_time(value):
    """A `<time datetime>` value: ISO 8601 to the second (HTML allows at most milliseconds)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")
