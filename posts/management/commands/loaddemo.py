"""Load the demo content: categories, authors and posts that show what the site looks like.

Idempotent: objects are looked up by slug and created only when missing, so running it again
(as `make run` does every time) never duplicates anything or overwrites an editor's changes.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from posts.demo import demo_posts
from posts.models import Author, Category, Post, Tag

CATEGORIES = [
    ("management", "Management", "How projects and services are planned, led and kept healthy."),
    ("working-together", "Working together", "What it is like to build a product with us, day to day."),
    ("process", "Development process", "From the first conversation to a live product: the steps and why."),
]
AUTHORS = [
    ("hemanta", "hemanta", "WordPress Developer",
     "Builds and looks after WordPress and Django sites, and writes about how projects run."),
    ("priya-raman", "Priya Raman", "Delivery Manager",
     "Plans releases with clients and keeps teams focused on what matters next."),
]  # fmt: skip


def demo_tags(names):
    """The tags named in a demo file's comma-separated `tags:` line, made when missing."""
    names = [name.strip() for name in names.split(",") if name.strip()]
    return [Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in names]


class Command(BaseCommand):
    help = "Create the demo categories, authors and posts that are missing (never overwrites)."

    @transaction.atomic
    def handle(self, *args, **options):
        created = []
        for slug, name, description in CATEGORIES:
            _, new = Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )
            created += [f"category {slug}"] if new else []
        for slug, name, job_title, bio in AUTHORS:
            _, new = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio}
            )
            created += [f"author {slug}"] if new else []
        now = timezone.now()
        for fields in demo_posts():
            post, new = Post.objects.get_or_create(
                slug=fields["slug"],
                defaults={
                    "title": fields["title"],
                    "kind": fields["kind"],
                    "category": Category.objects.get(slug=fields["category"]),
                    "author": Author.objects.get(slug=fields["author"]),
                    "excerpt": fields.get("excerpt", ""),
                    "body": fields["body"],
                    "status": Post.Status.PUBLISHED,
                    "published_at": now - timedelta(days=int(fields["days_ago"])),
                },
            )
            if new:
                # A demo post reads as written on its publication date, not as updated today.
                Post.objects.filter(pk=post.pk).update(
                    created_at=post.published_at, updated_at=post.published_at
                )
                post.tags.set(demo_tags(fields.get("tags", "")))
                created.append(f"post {fields['slug']}")
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)}: " + ", ".join(created)))
        else:
            self.stdout.write("Demo content already present; nothing to do.")
