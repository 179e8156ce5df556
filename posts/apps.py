from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Knowledge base"

    def ready(self):
        from pagecache.expiry import register_next_change

        from . import signals
        from .models import Author, Category, Post, Tag

        for model in (Post, Category, Author, Tag):
            uid = f"posts-content-change-{model.__name__}"
            post_save.connect(signals.announce_content_change, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(signals.announce_content_change, sender=model, dispatch_uid=f"{uid}-delete")
        m2m_changed.connect(
            signals.announce_content_change,
            sender=Post.tags.through,
            dispatch_uid="posts-content-change-tags",
        )
        register_next_change(signals.next_scheduled_publication)
