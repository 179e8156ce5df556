from django import template

from ..backends import get_backend

register = template.Library()

RELATED_POSTS = 4


@register.inclusion_tag("search/related_posts.html")
def related_posts(post):
    """Up to four published posts that share the most telling words with this one."""
    return {"related_posts": get_backend().related(post, RELATED_POSTS)}
