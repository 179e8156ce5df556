from django.db import models
from django.db.models import Count, F, Q

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
