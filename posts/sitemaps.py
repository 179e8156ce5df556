"""The sitemap: home, published posts, and the categories and authors that have published posts.

Under the sitemaps.org limit of 50,000 addresses it is one file; past it, /sitemap.xml becomes an
index of per-section files, each split into pages of at most that many addresses.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from .models import Author, Category, Post


class SectionSitemap(Sitemap):
    limit = 50_000  # addresses per file, the sitemaps.org maximum

    def get_latest_lastmod(self):
        """Every section changes when a published post does: the index dates each by the newest."""
        return newest_change(Post.objects.published())


def newest_change(posts):
    """When the newest of these published posts last changed, or None."""
    return posts.aggregate(newest=Max("updated_at"))["newest"]


def with_lastmod(queryset, field):
    """Objects that have published posts, each annotated with when the newest of them changed."""
    posts = Post.objects.published().filter(**{field: OuterRef("pk")}).order_by("-updated_at")
    return (
        queryset.filter(pk__in=Post.objects.published().values(field))
        .annotate(lastmod=Subquery(posts.values("updated_at")[:1]))
        .order_by("pk")
    )


class HomeSitemap(SectionSitemap):
    changefreq = "daily"

    def items(self):
        return ["posts:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return newest_change(Post.objects.published())


class PostSitemap(SectionSitemap):
    def items(self):
        return Post.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, post):
        return post.updated_at


class CategorySitemap(SectionSitemap):
    def items(self):
        return with_lastmod(Category.objects.only("slug"), "category")

    def lastmod(self, category):
        return category.lastmod


class AuthorSitemap(SectionSitemap):
    def items(self):
        return with_lastmod(Author.objects.only("slug"), "author")

    def lastmod(self, author):
        return author.lastmod


SITEMAPS = {
    "pages": HomeSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
}


def sitemap(request):
    """One sitemap while it fits in one file, an index of the sections once it does not."""
    sections = [section() for section in SITEMAPS.values()]
    if sum(section.paginator.count for section in sections) > SectionSitemap.limit:
        return sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    return sitemap_views.sitemap(request, SITEMAPS)


def section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
