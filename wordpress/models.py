from django.db import models


class LegacyURL(models.Model):
    """An address a post had on the old WordPress site, answered with a 301 to the post.

    It points at the post itself rather than at a path, so the redirect follows the post when its
    slug changes. The `?p=ID` row also records which WordPress post a post came from, which is how
    a second import recognises what it already brought in.
    """

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text='The old path, decoded, such as "/2023/05/old-slug/" or "/?p=123".',
    )
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="legacy_urls")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "legacy URL"

    def __str__(self):
        return self.path

    @staticmethod
    def for_wordpress_id(wordpress_id, home_path="/"):
        return f"{home_path}?p={wordpress_id}"
