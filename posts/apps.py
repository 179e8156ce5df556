from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Knowledge base"

    def ready(self):
        from . import cache
        from .models import Author, Category, Post, Tag

        for model in (Post, Category, Author, Tag):
            post_save.connect(cache.content_changed, sender=model, dispatch_uid=f"page-cache-save-{model}")
            post_delete.connect(cache.content_changed, sender=model, dispatch_uid=f"page-cache-del-{model}")
        m2m_changed.connect(cache.content_changed, sender=Post.tags.through, dispatch_uid="page-cache-tags")
        # Every release runs migrate; a restored or migrated database must not meet old pages.
        post_migrate.connect(cache.content_changed, sender=self, dispatch_uid="page-cache-migrate")
