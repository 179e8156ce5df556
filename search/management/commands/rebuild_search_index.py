"""Rebuild the search index from every post.

Saves and deletes keep the index in step by themselves; this is for changes that bypass them
(`bulk_create`, `QuerySet.update()` of titles or bodies, raw SQL, restored backups).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from pagecache.signals import content_changed
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Re-index every post for search (after bulk imports or updates that bypass save())."

    @transaction.atomic
    def handle(self, *args, **options):
        count = rebuild()
        content_changed.send(sender=self.__class__)  # related posts on cached pages come from the index
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} posts."))
