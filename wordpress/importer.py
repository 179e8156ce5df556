"""Bring the posts and pages of a WordPress export in as posts, and remember their old addresses.

Idempotent: each imported post gets an old address "?p=ID" for its WordPress id, and an item whose
id already has one is left alone, as are authors, categories and tags that exist (matched by slug
or name). Nothing existing is ever overwritten.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from addresses.models import OldAddress
from posts.models import BODY_MAX_LENGTH, Author, Category, Post, Tag
from posts.text import cut_at_word, plain_text

from .convert import html_to_markdown
from .wxr import old_path

IMPORTED_TYPES = {"post", "page"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "automatic drafts", "inherit": "revisions"}
PAGES_CATEGORY = ("pages", "Pages")
UNCATEGORISED = ("uncategorized", "Uncategorized")
TITLE_MAX_LENGTH = Post._meta.get_field("title").max_length
SLUG_MAX_LENGTH = Post._meta.get_field("slug").max_length
PATH_MAX_LENGTH = OldAddress._meta.get_field("path").max_length


@dataclass
class ItemReport:
    title: str
    url: str
    notes: list
    images: list


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)  # "published", "scheduled", "draft"
    already_imported: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    new_authors: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)
    new_tags: list = field(default_factory=list)
    redirects: int = 0
    comments_left_behind: int = 0
    items: list = field(default_factory=list)  # ItemReport for each post with notes or images

    @property
    def images(self):
        return [image for item in self.items for image in item.images]


class Importer:
    def __init__(self, export):
        self.export = export
        self.report = Report()
        self._terms = {}

    def run(self, progress=None):
        total = len(self.export.items)
        for done, item in enumerate(self.export.items, start=1):
            # One transaction per item, not one for the whole export: on SQLite a transaction holds
            # the database's only write lock, and readers' votes and editors' saves must not wait
            # for a long import. An item is whole or absent, and a run that stopped is continued by
            # running it again (what is imported is skipped).
            with transaction.atomic():
                self.import_item(item)
            if progress:
                progress(done, total)
        return self.report

    def import_item(self, item):
        reason = skip_reason(item)
        if reason:
            self.report.skipped[reason] += 1
            return
        identity = OldAddress.for_wordpress_id(item.wordpress_id, self.export.home_path)
        if OldAddress.objects.filter(path=identity).exists():
            self.report.already_imported += 1
            return
        notes = []
        conversion = html_to_markdown(item.content)
        notes += conversion.problems
        title = self._title(item, notes)
        if len(conversion.markdown) > BODY_MAX_LENGTH:
            self.report.skipped["longer than a post may be"] += 1
            self.report.items.append(ItemReport(title, "", ["not imported: its text is too long"], []))
            return
        post = self._create_post(item, title, conversion.markdown, notes)
        self._add_old_addresses(post, item, identity, notes)
        self.report.comments_left_behind += item.comment_count
        if notes or conversion.images:
            self.report.items.append(ItemReport(title, post.get_absolute_url(), notes, conversion.images))

    def _create_post(self, item, title, body, notes):
        status, published_at = self._status(item, notes)
        category, extra_categories = self._categories(item, notes)
        post = Post.objects.create(
            kind=Post.Kind.ARTICLE,
            title=title,
            slug=self._slug(item, title, notes),
            category=category,
            author=self._author(item.creator),
            body=body,
            excerpt=plain_text(item.excerpt),
            status=status,
            published_at=published_at,
        )
        terms = item.tags + extra_categories
        post.tags.add(*(self._term(Tag, slug, name, self.report.new_tags) for slug, name in terms))
        # The dates the post had on WordPress, not the day of the import.
        created = item.published or item.modified or post.created_at
        Post.objects.filter(pk=post.pk).update(created_at=created, updated_at=item.modified or created)
        self.report.created["scheduled" if published_at and published_at > timezone.now() else status] += 1
        return post

    def _status(self, item, notes):
        if item.password:
            notes.append("was password-protected: imported as a draft")
            return Post.Status.DRAFT, None
        if item.status in {"publish", "future"} and item.published:
            return Post.Status.PUBLISHED, item.published
        if item.status == "private":
            notes.append("was private: imported as a draft")
        elif item.status == "pending":
            notes.append("was pending review: imported as a draft")
        return Post.Status.DRAFT, None

    def _title(self, item, notes):
        title = plain_text(item.title)
        if not title:
            notes.append("had no title: given one")
            return f"Untitled WordPress {item.post_type} {item.wordpress_id}"
        if len(title) > TITLE_MAX_LENGTH:
            notes.append("title was shortened")
            return cut_at_word(title, TITLE_MAX_LENGTH)
        return title

    def _slug(self, item, title, notes):
        base = slug_from(item.slug, title, fallback=f"wp-{item.wordpress_id}", length=SLUG_MAX_LENGTH)
        slug, number = base, 2
        while Post.objects.filter(slug=slug).exists():
            suffix = f"-{number}"
            slug, number = base[: SLUG_MAX_LENGTH - len(suffix)] + suffix, number + 1
        if item.slug and slug != item.slug:
            notes.append(f"address changed: WordPress slug “{item.slug}” became “{slug}”")
        return slug

    def _categories(self, item, notes):
        """The first category files the post; further ones become tags, since a post has one."""
        if item.post_type == "page":
            return self._term(Category, *PAGES_CATEGORY, self.report.new_categories), []
        if not item.categories:
            return self._term(Category, *UNCATEGORISED, self.report.new_categories), []
        (slug, name), *others = item.categories
        if others:
            notes.append("had several categories: filed under the first, the others added as tags")
        name = self.export.categories.get(slug, name)
        return self._term(Category, slug, name, self.report.new_categories), others

    def _term(self, model, slug, name, created):
        """A category or tag by slug or name, made when missing; remembered for the rest of the run."""
        name = (name or slug).strip()[:100]
        slug = slug_from(slug, name)
        key = (model, slug)
        if key not in self._terms:
            term = model.objects.filter(slug=slug).first() or model.objects.filter(name=name).first()
            if term is None:
                term = model.objects.create(slug=slug, name=name)
                created.append(name)
            self._terms[key] = term
        return self._terms[key]

    def _author(self, login):
        name = (self.export.authors.get(login) or login or "WordPress").strip()[:100]
        slug = slug_from(login, name)
        key = (Author, slug)
        if key not in self._terms:
            author, new = Author.objects.get_or_create(slug=slug, defaults={"name": name})
            if new:
                self.report.new_authors.append(name)
            self._terms[key] = author
        return self._terms[key]

    def _add_old_addresses(self, post, item, identity, notes):
        paths = [identity]
        if item.post_type == "page":
            paths.append(f"{self.export.home_path}?page_id={item.wordpress_id}")
        permalink = old_path(item.link)
        if permalink and permalink != post.get_absolute_url():
            paths.append(permalink)
        for path in paths:
            if len(path) > PATH_MAX_LENGTH:
                notes.append(f"old address too long to redirect: {path[:80]}…")
            elif OldAddress.objects.filter(path=path).exists():
                notes.append(f"old address {path} already redirects to another post")
            else:
                OldAddress.objects.create(path=path, post=post)
                self.report.redirects += 1


def slug_from(*candidates, fallback=None, length=100):
    """An ASCII slug from the first candidate that gives one ("Café" → "cafe"); a name in another
    script gives none, so then a stable slug made from its digest."""
    for candidate in candidates:
        slug = slugify(candidate)[:length].strip("-")
        if slug:
            return slug
    return fallback or "wp-" + hashlib.sha1("".join(candidates).encode()).hexdigest()[:10]


def skip_reason(item):
    if item.post_type not in IMPORTED_TYPES:
        return f"{item.post_type} items"
    return SKIPPED_STATUSES.get(item.status)
