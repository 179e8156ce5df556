"""The search app's signal receivers, connected in `SearchConfig.ready()`."""

from .indexing import index_post

INDEXED_FIELDS = {"title", "body"}


def index_saved_post(sender, instance, update_fields=None, raw=False, **kwargs):
    """Re-index a saved post, unless the save touched none of the indexed fields."""
    if raw or (update_fields is not None and not INDEXED_FIELDS & set(update_fields)):
        return
    index_post(instance)
