from django.apps import AppConfig
from django.db.models.signals import post_save, pre_delete, pre_save


class AddressesConfig(AppConfig):
    """Old addresses that keep working: renamed posts' slugs and the pages of a replaced site."""

    name = "addresses"
    verbose_name = "Old addresses"

    def ready(self):
        from posts.models import Post

        from . import signals

        pre_save.connect(signals.note_stored_address, sender=Post, dispatch_uid="addresses-note")
        post_save.connect(signals.retire_renamed_address, sender=Post, dispatch_uid="addresses-rename")
        pre_delete.connect(
            signals.retire_deleted_posts_addresses, sender=Post, dispatch_uid="addresses-delete"
        )
