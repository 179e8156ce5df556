from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    """The page cache: whole pages for anonymous readers and pieces of pages, never older than the
    content. It imports no other app of the site: apps announce changes through its signal."""

    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import signals

        signals.content_changed.connect(signals.expire_everything, dispatch_uid="pagecache-expire")
        # Every release runs migrate; a restored or migrated database must not meet old pages.
        post_migrate.connect(signals.expire_after_migrate, dispatch_uid="pagecache-migrate")
