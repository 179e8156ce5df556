from django.contrib import admin

from .models import OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "post", "created_at"]
    list_filter = [("post", admin.EmptyFieldListFilter)]
    search_fields = ["path", "post__title"]
    list_select_related = ["post"]
    autocomplete_fields = ["post"]
