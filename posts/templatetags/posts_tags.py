from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from posts import fragments
from posts.text import cut_at_word

register = template.Library()

SIDEBAR_EXCERPT_LENGTH = 110


@register.inclusion_tag("includes/recent_posts.html")
def recent_posts():
    """The sidebar: the newest published posts, each with a short excerpt and its age."""
    return {"recent_posts": fragments.recent_posts()}


@register.inclusion_tag("includes/category_nav.html", takes_context=True)
def category_nav(context):
    return {"categories": fragments.categories(), "request": context.get("request")}


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
