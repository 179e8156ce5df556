from django.contrib import admin

from .models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Readers' votes and comments, read-only: they are evidence, not content to edit."""

    list_display = ["post", "helpful", "comment", "content_version", "created_at"]
    list_filter = ["helpful", ("comment", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["post"]
    search_fields = ["comment", "post__title"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
