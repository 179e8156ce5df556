from django.apps import AppConfig
from django.db.models.signals import post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from posts.models import Post

        from . import signals

        # Deletes need no receiver: the post's document goes with it (CASCADE).
        post_save.connect(signals.index_saved_post, sender=Post, dispatch_uid="search-index-post")
