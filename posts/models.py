import functools
import hashlib

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, NullIf
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from . import review
from .markdown import RenderTooSlow, render_markdown
from .reading import reading_minutes, table_of_contents
from .text import cut_at_word, plain_text

SUMMARY_LENGTH = 300
# Longer bodies are refused: rendering cost must stay bounded whatever an editor pastes.
BODY_MAX_LENGTH = 100_000


@functools.lru_cache(maxsize=10_000)
def _reverse_slug(name, slug, script_prefix):
    return reverse(name, kwargs={"slug": slug})


def slug_url(name, slug):
    """`reverse()` for the slug addresses lists print dozens of times per page, remembered.

    Profiling showed reverse() as the largest cost of rendering a list; addresses only change
    with the code, and the script prefix is part of the key.
    """
    return _reverse_slug(name, slug, get_script_prefix())


class CategoryQuerySet(models.QuerySet):
    def with_faq_flag(self):
        """Each category with `has_faq`: whether it has published FAQ posts for an FAQ page."""
        faqs = Post.objects.published().filter(category=OuterRef("pk"), kind=Post.Kind.FAQ)
        return self.annotate(has_faq=Exists(faqs))


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the category page."
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("posts:category", self.slug)

    def get_faq_url(self):
        return reverse("posts:category_faq", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField("display name", max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    job_title = models.CharField(max_length=100, blank=True, help_text='For example "WordPress Developer".')
    bio = models.TextField("short bio", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="The editor account that writes as this author; their new posts default to it.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("posts:author", self.slug)


class Tag(models.Model):
    """A topic that cuts across categories. A plain model rather than django-taggit: posts are the
    only tagged thing, so a many-to-many join beats a generic relation, and the admin's filter,
    autocomplete and Django's prefetching work on it unchanged."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("posts:tag", kwargs={"slug": self.slug})


class EditConflict(Exception):
    """The post was saved by someone else after this copy of it was read."""


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to the public": published, and its time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published with a date still to come: the posts that will appear without anyone acting."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())

    def for_listing(self):
        """What a list of posts shows: each with its category and author, newest first."""
        return (
            self.select_related("category", "author")
            .defer("body", "body_html")
            .order_by("-published_at", "-id")
        )

    def for_post_page(self):
        """What a post page shows besides the post: its category, author, tags, previous and next."""
        return self.select_related("category", "author").prefetch_related("tags").with_neighbours()

    def with_neighbours(self):
        """Each post with the title and slug of the published posts just before and after it in its
        category, as subqueries: the post page gets them without queries of its own."""
        siblings = Post.objects.published().filter(category=OuterRef("category"))
        same_time = Q(published_at=OuterRef("published_at"))
        before = siblings.filter(
            Q(published_at__lt=OuterRef("published_at")) | same_time & Q(pk__lt=OuterRef("pk"))
        ).order_by("-published_at", "-pk")
        after = siblings.filter(
            Q(published_at__gt=OuterRef("published_at")) | same_time & Q(pk__gt=OuterRef("pk"))
        ).order_by("published_at", "pk")
        return self.annotate(
            previous_title=Subquery(before.values("title")[:1]),
            previous_slug=Subquery(before.values("slug")[:1]),
            next_title=Subquery(after.values("title")[:1]),
            next_slug=Subquery(after.values("slug")[:1]),
        )

    def due_for_review(self, on=None):
        return self.filter(review.due_condition(on))

    def with_vote_counts(self):
        """Each post with `helpful_votes` and `unhelpful_votes` cast on its current text, and
        `helpful_ratio` (None without votes). Votes on earlier texts are kept but not counted."""
        current = Q(votes__content_version=F("content_version"))
        total = F("helpful_votes") + F("unhelpful_votes")
        return self.annotate(
            helpful_votes=Count("votes", filter=current & Q(votes__helpful=True)),
            unhelpful_votes=Count("votes", filter=current & Q(votes__helpful=False)),
        ).annotate(
            helpful_ratio=ExpressionWrapper(
                Cast("helpful_votes", FloatField()) / NullIf(total, 0), output_field=FloatField()
            )
        )


@reversion.register()
class Post(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        FAQ = "faq", "FAQ"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "Ready for review"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(max_length=200, help_text="For an FAQ post, the question itself.")
    slug = models.SlugField(max_length=200, unique=True, help_text="The last part of the post's address.")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="posts")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="posts")
    body = MarkdownxField(
        help_text="Markdown. The preview shows exactly what readers will see.",
        validators=[MaxLengthValidator(BODY_MAX_LENGTH)],
    )
    excerpt = models.TextField(
        blank=True,
        help_text="A sentence or two for lists and search engines. Leave blank to use the start of the body.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="A date in the future schedules the post: it stays hidden until then. "
        "Left blank, publishing sets it to now.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up by one on every save: an edit form carries the number it was opened at, and a save
    # from an older number is refused (see save()). It also names the post's current revision.
    revision = models.PositiveIntegerField(default=1, editable=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    owner = models.ForeignKey(
        Author,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_posts",
        help_text="Who keeps this post correct and reviews it. Left blank, the author.",
    )
    reviewed_on = models.DateField(
        "last reviewed", null=True, blank=True, help_text="When someone last checked the post is still right."
    )
    review_interval = models.PositiveSmallIntegerField(
        "review every (months)",
        blank=True,
        default=review.REVIEW_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How often the post should be checked. Left blank, every 6 months.",
    )
    # Derived on save from the fields above; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    summary = models.TextField(editable=False, default="")
    toc = models.JSONField("table of contents", editable=False, default=list)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    # Which text readers' votes are about: a digest of the body, so any rewrite starts a fresh count.
    # Not `revision`: that goes up on every save (a status change, a new excerpt), and votes should
    # start again only when the text readers judged has changed.
    content_version = models.CharField(max_length=16, editable=False, default="")
    review_due_on = models.DateField("review due", editable=False, null=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_post", "Can publish posts and edit published ones")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_public_order"),
            models.Index(fields=["category", "status", "-published_at"], name="post_category_order"),
            models.Index(fields=["author", "status", "-published_at"], name="post_author_order"),
            models.Index(fields=["review_due_on"], name="post_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    DERIVED_FIELDS = {"body_html", "summary", "toc", "reading_minutes", "content_version", "review_due_on"}
    # What save() itself may change, so a save(update_fields=...) writes these too.
    SAVED_WITH_EVERY_UPDATE = {*DERIVED_FIELDS, "owner", "updated_at", "revision"}

    def save(self, *args, **kwargs):
        """Save, keeping a revision, unless someone else saved the post since this copy was read.

        The check is one conditional UPDATE in the database, so it holds across processes: it
        matches only while the stored revision is still the one this copy carries, and it locks the
        row until the transaction ends, so no other save can slip in between.
        """
        self.date_publication()
        self.render()
        self.schedule_review()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *self.SAVED_WITH_EVERY_UPDATE}
        with transaction.atomic(), reversion.create_revision():
            if not self._state.adding:
                self.claim_revision()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("posts:detail", self.slug)

    def claim_revision(self):
        claimed = Post.objects.filter(pk=self.pk, revision=self.revision).update(revision=F("revision") + 1)
        if not claimed:
            raise EditConflict(f"{self} was saved by someone else since revision {self.revision}.")
        self.revision += 1

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_updated(self):
        """True when the post changed noticeably after it was published."""
        if not self.published_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 24 * 60 * 60

    def render(self):
        """Compute the stored HTML and summary from the Markdown and the excerpt (once per change)."""
        if getattr(self, "_rendered_from", None) == (self.body, self.excerpt):
            return
        self.body_html = render_markdown(self.body)
        source = self.excerpt.strip() or plain_text(self.body_html)
        self.summary = cut_at_word(source, SUMMARY_LENGTH)
        self.toc = table_of_contents(self.body_html)
        self.reading_minutes = reading_minutes(self.body_html)
        self.content_version = hashlib.sha256(self.body.encode()).hexdigest()[:16]
        self._rendered_from = (self.body, self.excerpt)

    def schedule_review(self):
        """Fill in the owner and interval when left blank, and work out when the next review is due."""
        if self.owner_id is None:
            self.owner_id = self.author_id
        if self.review_interval is None:
            self.review_interval = review.REVIEW_INTERVAL_MONTHS
        self.review_due_on = review.next_review(self.reviewed_on, self.published_at, self.review_interval)

    def mark_reviewed(self, on=None):
        review.mark_reviewed(Post.objects.filter(pk=self.pk), on)
        self.refresh_from_db(fields=["reviewed_on", "review_due_on", "owner"])

    def date_publication(self):
        """Publishing without a date means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def clean(self):
        # Before the constraint check, so a form that publishes without a date is valid.
        self.date_publication()
        if len(self.body or "") <= BODY_MAX_LENGTH:
            try:
                self.render()
            except RenderTooSlow as refusal:
                raise ValidationError({"body": str(refusal)}) from refusal
