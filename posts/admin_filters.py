"""The post list's filters for editors looking for work: answers that fail readers, reviews due."""

from django.contrib import admin

from .review import due_condition, needs_attention_condition, unhelpful_condition


class NeedsAttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Needs attention (many “No” votes or review overdue)"),
            ("votes", "Many “No” votes"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "votes":
            return queryset.filter(unhelpful_condition())
        if self.value() == "yes":
            return queryset.filter(needs_attention_condition())
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", "Due for review"), ("ok", "Reviewed recently enough")]

    def queryset(self, request, queryset):
        if self.value() == "due":
            return queryset.filter(due_condition())
        if self.value() == "ok":
            return queryset.exclude(due_condition())
        return queryset
