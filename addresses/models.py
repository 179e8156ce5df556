from django.db import models


class OldAddress(models.Model):
    """An address the site answered at once and no longer does.

    Renaming a post retires its old address here; an import from another site (WordPress) records
    that site's addresses of each post, `?p=ID` and `?page_id=ID` included. While `post` is set, the
    address redirects to the post's live address in one hop (the row points at the post, not at a
    path, so it follows later renames), but only while the post is published; once the post is
    deleted, `post` is empty and the address answers 410 Gone.
    """

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text='The old path, decoded, such as "/posts/old-slug/", "/2023/05/old-slug/" or "/?p=123".',
    )
    post = models.ForeignKey(
        "posts.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="old_addresses",
        help_text="Left empty, the address answers 410 Gone: the page was removed on purpose.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.path

    @staticmethod
    def for_wordpress_id(wordpress_id, home_path="/"):
        """The `?p=ID` address WordPress answers for any post, whatever its permalink setting."""
        return f"{home_path}?p={wordpress_id}"
