from django.urls import path

from . import views

app_name = "media"

urlpatterns = [
    path("<path:path>", views.serve_media, name="file"),
]
