from django.db.models.signals import post_save
from django.dispatch import receiver

from posts.models import Post

from .indexing import index_post

INDEXED_FIELDS = {"title", "body"}


@receiver(post_save, sender=Post, dispatch_uid="search_index_post")
def index_saved_post(sender, instance, update_fields=None, raw=False, **kwargs):
    """Re-index a saved post, unless the save touched none of the indexed fields."""
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    index_post(instance)
