from django.contrib import admin, messages
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from .models import Author, Category, Post


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Post)
class PostAdmin(MarkdownxModelAdmin):
    list_display = ["title", "kind", "category", "author", "status", "published_at", "updated_at"]
    list_filter = ["status", "kind", "category", "author"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "body"]}),
        ("Filing", {"fields": ["category", "author", "excerpt"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin-editor.css"]}

    def get_changeform_initial_data(self, request):
        """An editor's new posts are written as their own author when they have one."""
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author and "author" not in initial:
            initial["author"] = author.pk
        return initial

    @admin.action(description="Publish selected posts now (scheduled ones keep their date)")
    def publish(self, request, queryset):
        count = 0
        for post in queryset.exclude(status=Post.Status.PUBLISHED):
            post.status = Post.Status.PUBLISHED
            post.published_at = post.published_at or timezone.now()
            post.save()
            count += 1
        self.message_user(request, f"Published {count} post(s).", messages.SUCCESS)

    @admin.action(description="Move selected posts back to draft")
    def unpublish(self, request, queryset):
        count = 0
        for post in queryset.filter(status=Post.Status.PUBLISHED):
            post.status = Post.Status.DRAFT
            post.save()
            count += 1
        self.message_user(request, f"Moved {count} post(s) back to draft.", messages.SUCCESS)
