from django.db import models
from django.db.models import Count, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Cast, NullIf

COMMENT_MAX_LENGTH = 1000


class VoteQuerySet(models.QuerySet):
    def current(self):
        """Votes about the text readers see now; votes on earlier versions are kept but not counted."""
        return self.filter(content_version=F("post__content_version"))


class Vote(models.Model):
    """One reader's answer to "Was this helpful?" about one version of a post."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="votes")
    # The post's `content_version` when the vote was cast (see Post.content_version).
    content_version = models.CharField(max_length=16)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["post", "content_version"], name="vote_post_version")]

    def __str__(self):
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {self.post}"


def current_vote_counts():
    """Annotations for a Post queryset: helpful and not-helpful votes on each post's current text."""
    current = Q(votes__content_version=F("content_version"))
    return {
        "helpful_votes": Count("votes", filter=current & Q(votes__helpful=True)),
        "unhelpful_votes": Count("votes", filter=current & Q(votes__helpful=False)),
    }


# A post "needs attention" from its votes when this many readers of its current text said "No"
# and they are at least half of the votes.
NEEDS_ATTENTION_UNHELPFUL = 3


def with_vote_counts(posts):
    """Posts annotated with helpful_votes, unhelpful_votes and helpful_ratio (None without votes)."""
    posts = posts.annotate(**current_vote_counts())
    total = F("helpful_votes") + F("unhelpful_votes")
    return posts.annotate(
        helpful_ratio=ExpressionWrapper(
            Cast("helpful_votes", FloatField()) / NullIf(total, 0), output_field=FloatField()
        )
    )


def unhelpful_condition():
    """For a queryset from with_vote_counts(): posts whose current text readers say fails them."""
    return Q(unhelpful_votes__gte=NEEDS_ATTENTION_UNHELPFUL) & Q(unhelpful_votes__gte=F("helpful_votes"))
