import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField

from .markdown import RenderTooSlow, render_markdown
from .text import cut_at_word, plain_text

SUMMARY_LENGTH = 300
# Longer bodies are refused: rendering cost must stay bounded whatever an editor pastes.
BODY_MAX_LENGTH = 100_000


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
        return reverse("posts:category", kwargs={"slug": self.slug})


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
        return reverse("posts:author", kwargs={"slug": self.slug})


class EditConflict(Exception):
    """The post was saved by someone else after this copy of it was read."""


class PostQuerySet(models.QuerySet):
    def published(self):
        """The one definition of "visible to the public": published, and its time has come."""
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """What `user` may open: the public sees published posts, editors every post, other staff
        (Authors) published posts and their own."""
        if user.is_active and user.has_perm("posts.publish_post"):
            return self
        if user.is_active and user.is_staff:
            return self.filter(Q(pk__in=self.published().values("pk")) | Q(author__user=user))
        return self.published()

    def for_listing(self):
        """What a list of posts shows: each with its category and author, newest first."""
        return (
            self.select_related("category", "author")
            .defer("body", "body_html")
            .order_by("-published_at", "-id")
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
    # Derived on save from the fields above; never edited by hand.
    body_html = models.TextField(editable=False, default="")
    summary = models.TextField(editable=False, default="")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        permissions = [("publish_post", "Can publish posts and edit published ones")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="post_public_order"),
            models.Index(fields=["category", "status", "-published_at"], name="post_category_order"),
            models.Index(fields=["author", "status", "-published_at"], name="post_author_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_post_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Save, keeping a revision, unless someone else saved the post since this copy was read.

        The check is one conditional UPDATE in the database, so it holds across processes: it
        matches only while the stored revision is still the one this copy carries, and it locks the
        row until the transaction ends, so no other save can slip in between.
        """
        self.date_publication()
        self.render()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "body_html", "summary", "updated_at", "revision"}
        with transaction.atomic(), reversion.create_revision():
            if not self._state.adding:
                self.claim_revision()
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("posts:detail", kwargs={"slug": self.slug})

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
        self._rendered_from = (self.body, self.excerpt)

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
