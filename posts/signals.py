"""The posts app's signal receivers, connected in `PostsConfig.ready()`."""

from pagecache.signals import content_changed


def announce_content_change(sender, using=None, raw=False, **kwargs):
    """Posts, categories, authors and tags appear on every cached page: any write expires them."""
    content_changed.send(sender=sender, using=using)


def next_scheduled_publication():
    """When the next post scheduled for later goes public, for the page cache's expiry."""
    from .models import Post

    return Post.objects.scheduled().order_by("published_at").values_list("published_at", flat=True).first()
