from django.db import models

COMMENT_MAX_LENGTH = 1000


class Vote(models.Model):
    """One reader's answer to "Was this helpful?" about one version of a post."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="votes")
    # The post's `content_version` when the vote was cast: only votes on the current text count
    # (Post.objects.with_vote_counts()).
    content_version = models.CharField(max_length=16)
    helpful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        indexes = [models.Index(fields=["post", "content_version"], name="vote_post_version")]

    def __str__(self):
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {self.post}"
