"""Receivers that retire a post's address when it is renamed or deleted (connected in apps.py).

Signals rather than code in Post.save()/delete(), so admin bulk deletes are covered too, and posts
knows nothing of this app.
"""

from .models import OldAddress


def note_stored_address(sender, instance, raw=False, **kwargs):
    """Remember the address the post had before this save.

    Post.save() has claimed the row (and holds its lock) before the save sends this, so no other
    rename can land between this read and the write.
    """
    if raw or instance.pk is None:
        instance._stored_address = None
        return
    stored = sender.objects.filter(pk=instance.pk).only("slug").first()
    instance._stored_address = stored.get_absolute_url() if stored else None


def retire_renamed_address(sender, instance, raw=False, **kwargs):
    if raw:
        return
    live = instance.get_absolute_url()
    # The live address always wins: a post may take back an old slug, or reuse another's.
    OldAddress.objects.filter(path=live).delete()
    previous = getattr(instance, "_stored_address", None)
    if previous and previous != live:
        OldAddress.objects.update_or_create(path=previous, defaults={"post": instance})


def retire_deleted_posts_addresses(sender, instance, **kwargs):
    """A public post's addresses answer 410 once it is deleted (the foreign key empties the older
    ones); a draft's become plain 404s."""
    if instance.is_public:
        OldAddress.objects.update_or_create(path=instance.get_absolute_url(), defaults={"post": None})
    else:
        instance.old_addresses.all().delete()
