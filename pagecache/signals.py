"""How the rest of the site tells the page cache that what pages show has changed.

An app whose data appears on cached pages sends `content_changed` after it writes (its own
post_save and post_delete receivers do, so admin saves, bulk deletes and imports are covered);
code that writes with `QuerySet.update()` or `bulk_create()`, which send no model signals, sends it
itself.
"""

from django.dispatch import Signal

from .version import bump_content_version, bump_content_version_on_commit

# Sent with `using` (the database alias the change was written to), when known.
content_changed = Signal()


def expire_everything(sender, using=None, **kwargs):
    """The version changes now, and again once the change is committed.

    The second change matters: a page rendered from the old rows between the write and the commit
    would otherwise be stored under the new version.
    """
    bump_content_version()
    bump_content_version_on_commit(using)


def expire_after_migrate(sender, using=None, **kwargs):
    bump_content_version()
