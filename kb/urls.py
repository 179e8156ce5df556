from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kb.health import healthz
from kb.views import robots_txt
from posts import sitemaps
from posts.urls import POST_PATH

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Content"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("editor/", include("posts.editor_urls")),
    path(settings.MEDIA_URL.lstrip("/"), include("images.urls")),
    path("search/", include("search.urls")),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemap_section"),
    path(POST_PATH, include("feedback.urls")),
    path("", include("posts.urls")),
]

handler404 = "posts.views.page_not_found"
