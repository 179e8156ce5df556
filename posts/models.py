import functools

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from .markdown import render_markdown
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


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the category page."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("posts:category", self.slug)


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


class Post(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        FAQ = "faq", "FAQ"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
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
    # Derived on save from the fields above; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    summary = models.TextField(editable=False, default="")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_public_order"),
            models.Index(fields=["category", "status", "-published_at"], name="post_category_order"),
            models.Index(fields=["author", "status", "-published_at"], name="post_author_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="published_post_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.date_publication()
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "summary", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("posts:detail", self.slug)

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
        """Compute the stored HTML and summary from the Markdown and the excerpt."""
        self.body_html = render_markdown(self.body)
        source = self.excerpt.strip() or plain_text(self.body_html)
        self.summary = cut_at_word(source, SUMMARY_LENGTH)

    def date_publication(self):
        """Publishing without a date means publishing now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def clean(self):
        # Before the constraint check, so a form that publishes without a date is valid.
        self.date_publication()
