from django.contrib import admin, messages
from django.utils import timezone
from markdownx.admin import MarkdownxModelAdmin

from feedback.models import with_vote_counts

from .admin_filters import NeedsAttentionFilter, ReviewDueFilter
from .models import Author, Category, Post, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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
    list_display = ["title", "kind", "category", "author", "status", "published_at", "updated_at",
                    "helpful", "not_helpful", "ratio", "review_due_on"]  # fmt: skip
    list_filter = ["status", "kind", "category", "author", NeedsAttentionFilter, ReviewDueFilter, "tags"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    # Tags grow without bound, so they are searched; category, author and owner stay plain selects.
    autocomplete_fields = ["tags"]
    readonly_fields = ["created_at", "updated_at", "review_due_on"]
    actions = ["publish", "unpublish", "mark_reviewed"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "body"]}),
        ("Filing", {"fields": ["category", "author", "tags", "excerpt"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        ("Review", {"fields": ["owner", "reviewed_on", "review_interval", "review_due_on"]}),
    ]

    class Media:
        js = ["js/admin-editor.js"]
        css = {"all": ["css/admin-editor.css"]}

    def get_queryset(self, request):
        return with_vote_counts(super().get_queryset(request))

    @admin.display(description="yes", ordering="helpful_votes")
    def helpful(self, post):
        return post.helpful_votes

    @admin.display(description="no", ordering="unhelpful_votes")
    def not_helpful(self, post):
        return post.unhelpful_votes

    @admin.display(description="yes %", ordering="helpful_ratio", empty_value="–")
    def ratio(self, post):
        return None if post.helpful_ratio is None else f"{post.helpful_ratio:.0%}"

    @admin.action(description="Mark selected posts reviewed today")
    def mark_reviewed(self, request, queryset):
        posts = list(queryset)
        for post in posts:
            post.mark_reviewed()
        self.message_user(request, f"Marked {len(posts)} post(s) reviewed today.", messages.SUCCESS)

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
