from django.db import models


class ContentVersion(models.Model):
    """The site's content version (one row). The shared cache only holds a copy of it, so a cache
    that restarts empty or from an old snapshot cannot bring back pages older than the last save."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.token
