import re

import reversion
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from markdownx.admin import MarkdownxModelAdmin
from reversion.admin import VersionAdmin

from . import permissions, review
from .admin_filters import NeedsAttentionFilter, ReviewDueFilter
from .forms import PostAdminForm
from .models import Author, Category, EditConflict, Post, Tag
from .revisions import changes_between, current_fields, restore, versions_of, who_saved


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


DRAFT_TOKEN = re.compile(r"[0-9a-f]{16,64}")


def confirm_saved_draft(request, response):
    """Add `#saved-draft=<token>` to the redirect that follows a successful save of a post form."""
    token = request.POST.get("_draft_token", "")
    if isinstance(response, HttpResponseRedirect) and DRAFT_TOKEN.fullmatch(token):
        response["Location"] = f"{response['Location'].split('#')[0]}#saved-draft={token}"
    return response


@admin.register(Post)
class PostAdmin(VersionAdmin, MarkdownxModelAdmin):
    form = PostAdminForm
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
    actions = ["publish", "unpublish", "mark_ready_for_review", "mark_reviewed"]
    save_on_top = True
    object_history_template = "admin/posts/post/object_history.html"
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "body", "opened_revision"]}),
        ("Filing", {"fields": ["category", "author", "tags", "excerpt"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
        ("Review", {"fields": ["owner", "reviewed_on", "review_interval", "review_due_on"]}),
    ]

    class Media:
        js = ["js/admin-editor.js", "js/admin-drafts.js"]
        css = {"all": ["css/admin-editor.css"]}

    # Roles: an Author sees and changes only their own posts, and only while they are not published;
    # they cannot publish, schedule, or write as someone else. Each rule holds in the queryset, the
    # permission checks and the form, so a hand-made request meets it too.

    def get_queryset(self, request):
        return permissions.posts_in_admin(request.user, super().get_queryset(request).with_vote_counts())

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.may_change(request.user, obj))

    def has_publish_permission(self, request):
        return permissions.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Recording a review is an editor's call, like publishing.
        return fields if permissions.can_publish(request.user) else [*fields, "published_at", "reviewed_on"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "author" and not permissions.can_publish(request.user):
            kwargs["queryset"] = Author.objects.filter(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not permissions.can_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in (Post.Status.DRAFT, Post.Status.REVIEW)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    # Readers' votes on each post's current text.

    @admin.display(description="yes", ordering="helpful_votes")
    def helpful(self, post):
        return post.helpful_votes

    @admin.display(description="no", ordering="unhelpful_votes")
    def not_helpful(self, post):
        return post.unhelpful_votes

    @admin.display(description="yes %", ordering="helpful_ratio", empty_value="–")
    def ratio(self, post):
        return None if post.helpful_ratio is None else f"{post.helpful_ratio:.0%}"

    def get_changeform_initial_data(self, request):
        """An editor's new posts are written as their own author when they have one."""
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author and "author" not in initial:
            initial["author"] = author.pk
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = getattr(context["adminform"].form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The browser keeps a copy of the text being written (static/js/admin-drafts.js) and drops it only
    # when the server confirms that the save which sent it succeeded: these run only after a
    # successful save, and hand the copy's token back in the redirect's fragment, which stays in the
    # browser (no cookie, nothing stored on the server). A save that fails, never arrives or is
    # answered by the login or CSRF page gets no confirmation, so the copy stays.

    def response_add(self, request, obj, post_url_continue=None):
        return confirm_saved_draft(request, super().response_add(request, obj, post_url_continue))

    def response_change(self, request, obj):
        return confirm_saved_draft(request, super().response_change(request, obj))

    # Actions.

    @admin.action(
        permissions=["publish"], description="Publish selected posts now (scheduled ones keep their date)"
    )
    def publish(self, request, queryset):
        count = self.save_each(request, queryset.exclude(status=Post.Status.PUBLISHED), Post.Status.PUBLISHED)
        self.message_user(request, f"Published {count} post(s).", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Move selected posts back to draft")
    def unpublish(self, request, queryset):
        count = self.save_each(request, queryset.filter(status=Post.Status.PUBLISHED), Post.Status.DRAFT)
        self.message_user(request, f"Moved {count} post(s) back to draft.", messages.SUCCESS)

    @admin.action(permissions=["change"], description="Mark selected drafts ready for review")
    def mark_ready_for_review(self, request, queryset):
        count = self.save_each(request, queryset.filter(status=Post.Status.DRAFT), Post.Status.REVIEW)
        self.message_user(request, f"Marked {count} post(s) ready for review.", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Mark selected posts reviewed today")
    def mark_reviewed(self, request, queryset):
        count = review.mark_reviewed(queryset)
        self.message_user(request, f"Marked {count} post(s) reviewed today.", messages.SUCCESS)

    def save_each(self, request, queryset, status):
        """Give each post the status and save it as a revision; the rows stay locked meanwhile."""
        reversion.set_comment(f"Status set to “{status.label}” from the list of posts.")
        with transaction.atomic():
            # The admin's queryset counts votes (GROUP BY), which PostgreSQL cannot lock; lock the rows
            # it selects instead, in the order of their ids, so two actions on overlapping selections
            # queue rather than deadlock. A "no key" lock, as each save takes anyway: readers' votes,
            # which only reference the post, go on meanwhile.
            locked = Post.objects.select_for_update(no_key=True).order_by("pk")
            posts = list(locked.filter(pk__in=queryset.values("pk")))
            for post in posts:
                post.status = status
                post.save()  # publishing without a date dates it now (Post.date_publication)
        return len(posts)

    # Revisions: django-reversion's history page lists them; each entry opens a comparison with the
    # current text instead of reversion's own revert form, and restoring takes one click.

    def get_post_or_404(self, request, object_id):
        post = self.get_object(request, unquote(object_id))
        if post is None:
            raise Http404("No such post.")
        return post

    def history_view(self, request, object_id, extra_context=None):
        post = self.get_post_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, post):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        post = self.get_post_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, post):
            raise PermissionDenied
        version = get_object_or_404(versions_of(post), pk=version_id)
        if request.method == "POST":
            return self.restore_view(request, post, version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": post,
            "title": f"Compare with the current text: {post}",
            "version": version,
            "saved": who_saved(version),
            "changes": changes_between(version.field_dict, current_fields(post)),
            "can_restore": self.has_change_permission(request, post),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/posts/post/revision_compare.html", context)

    def restore_view(self, request, post, version):
        if not self.has_change_permission(request, post):
            raise PermissionDenied
        try:
            restore(post, version, request.user)
        except ValidationError as error:
            problems = " ".join(message for messages_ in error.message_dict.values() for message in messages_)
            self.message_user(request, f"That revision cannot be restored: {problems}", messages.ERROR)
        except EditConflict:
            self.message_user(
                request, "Someone else saved this post a moment ago; compare again.", messages.ERROR
            )
            return redirect(request.path)
        else:
            self.message_user(request, f"Restored the revision {who_saved(version)}.", messages.SUCCESS)
        return redirect(reverse("admin:posts_post_change", args=[post.pk]))

    def recoverlist_view(self, request, extra_context=None):
        if not permissions.can_publish(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not permissions.can_publish(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
