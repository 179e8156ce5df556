"""How the rest of the site tells the page cache that what pages show has changed.

An app whose data appears on cached pages sends `content_changed` after it writes (its own
post_save and post_delete receivers do, so admin saves, bulk deletes and imports are covered);
code that writes with `QuerySet.update()` or `bulk_create()`, which send no model signals, sends it
itself.
"""

from django.db import transaction
from django.dispatch import Signal

from .version import change_content_version

# Sent with `using` (the database alias the change was written to), when known.
content_changed = Signal()


def expire_everything(sender, using=None, **kwargs):
    change_content_version(using)


def expire_after_migrate(sender, using=None, **kwargs):
    # post_migrate is sent once per migrated app; the first one with the table in place counts.
    from django.db.utils import DatabaseError

    try:
        with transaction.atomic(using=using):
            change_content_version(using)
    except DatabaseError:  # the content version's own table is not created yet
        pass
