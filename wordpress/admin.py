from django.contrib import admin

from .models import LegacyURL


@admin.register(LegacyURL)
class LegacyURLAdmin(admin.ModelAdmin):
    list_display = ["path", "post", "created_at"]
    search_fields = ["path", "post__title"]
    list_select_related = ["post"]
    autocomplete_fields = ["post"]
