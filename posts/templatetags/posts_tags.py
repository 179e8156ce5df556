from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from posts import fragments
from posts.text import cut_at_word

register = template.Library()

SIDEBAR_EXCERPT_LENGTH = 110


@register.simple_tag
def recent_posts():
    return mark_safe(fragments.recent_posts_html())  # rendered by the template engine, so escaped


@register.simple_tag(takes_context=True)
def category_nav(context):
    request = context.get("request")
    return mark_safe(fragments.category_nav_html(request.path if request else ""))  # rendered, so escaped


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
