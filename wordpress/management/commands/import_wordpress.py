"""Import a WordPress export (WXR) as posts: `python manage.py import_wordpress export.xml`.

Each item is imported in its own transaction, so a failure leaves no half-imported post, and the
site's other writes go on while a long import runs; after a failure, running the command again
imports the rest. `--dry-run` does the whole import in one transaction and then rolls it back, so
its report is exactly what a real run would do (on SQLite, other writes wait until it ends).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wordpress.importer import Importer
from wordpress.wxr import WXRError, read_export


class Command(BaseCommand):
    help = (
        "Import the posts and pages of a WordPress export file (Tools → Export, WXR 1.2) as posts, "
        "with their authors, categories, tags and dates, and redirect their old addresses. "
        "Safe to run again: what was imported before is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .xml file WordPress exported.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; write nothing.")

    def handle(self, *args, file, dry_run, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            export = read_export(file)
        except WXRError as error:
            raise CommandError(f"{file}: {error}") from error
        if dry_run:
            with transaction.atomic():
                report = Importer(export).run(progress=self._progress)
                transaction.set_rollback(True)
        else:
            report = Importer(export).run(progress=self._progress)
        self._print_report(file, export, report, dry_run)

    def _progress(self, done, total):
        """A counter that rewrites itself on a terminal; logs and pipes get only the report."""
        if self.stdout.isatty():
            self.stdout.write(f"\rImporting: {done} of {total} items", ending="\n" if done == total else "")
            self.stdout.flush()

    def _print_report(self, file, export, report, dry_run):
        write = self.stdout.write
        if dry_run:
            write(self.style.WARNING("Dry run: nothing was written. A real run would do this:"))
        write(f"{file.name}: “{export.title}”, WXR {export.version}, {len(export.items)} items")
        created = sum(report.created.values())
        details = ", ".join(f"{count} {state}" for state, count in sorted(report.created.items()))
        write(self.style.SUCCESS(f"Posts created: {created}" + (f" ({details})" if details else "")))
        write(f"Already imported, left unchanged: {report.already_imported}")
        for reason, count in sorted(report.skipped.items()):
            write(f"Skipped, {reason}: {count}")
        write(f"New authors: {_names(report.new_authors)}")
        write(f"New categories: {_names(report.new_categories)}")
        write(f"New tags: {_names(report.new_tags)}")
        write(f"Old addresses redirected (301): {report.redirects}")
        if report.comments_left_behind:
            write(f"Comments not imported (the site has none): {report.comments_left_behind}")
        self._print_problems(report)
        self._print_images(report)

    def _print_problems(self, report):
        items = [item for item in report.items if item.notes]
        if not items:
            return
        self.stdout.write(self.style.WARNING("\nNot converted faithfully; check these by hand:"))
        for item in items:
            self.stdout.write(f"  {item.title} {item.url}")
            for note in item.notes:
                self.stdout.write(f"    - {note}")

    def _print_images(self, report):
        items = [item for item in report.items if item.images]
        if not items:
            return
        self.stdout.write(
            self.style.WARNING(
                f"\nImages referenced ({len(report.images)}), not downloaded: they still load "
                "from the old site; copy them and update the posts:"
            )  # fmt: skip
        )
        for item in items:
            self.stdout.write(f"  {item.title} {item.url}")
            for image in item.images:
                self.stdout.write(f"    - {image}")


def _names(names):
    return f"{len(names)}" + (f" ({', '.join(names)})" if names else "")
