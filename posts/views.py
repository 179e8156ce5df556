from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.views.generic import ListView

from . import fragments
from .cache import remember
from .models import Author, Category, Post

POSTS_PER_PAGE = 10


def is_staff(user):
    return user.is_active and user.is_staff


class RememberedCountPaginator(Paginator):
    """Counting every published post on each list page grows with the site; the count is cached
    under the content version, so it is exactly as fresh as a cached page."""

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return remember(self.count_key, lambda: Paginator.count.func(self))


class PublishedPostList(ListView):
    """A paginated list of published posts; Django's paginator turns bad page numbers into 404."""

    paginate_by = POSTS_PER_PAGE
    context_object_name = "posts"

    def get_queryset(self):
        return Post.objects.published().for_listing()

    def count_key(self):
        return "count:home"

    def get_paginator(self, queryset, per_page, **kwargs):
        return RememberedCountPaginator(queryset, per_page, count_key=self.count_key(), **kwargs)


class HomeView(PublishedPostList):
    template_name = "posts/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=fragments.categories(), **kwargs)


class CategoryView(PublishedPostList):
    template_name = "posts/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def count_key(self):
        return f"count:category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        crumbs = [(self.category.name, self.category.get_absolute_url())]
        return super().get_context_data(category=self.category, crumbs=crumbs, **kwargs)


class AuthorView(PublishedPostList):
    template_name = "posts/author.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(Author, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(author=self.author)

    def count_key(self):
        return f"count:author:{self.author.pk}"

    def get_context_data(self, **kwargs):
        crumbs = [(self.author.name, self.author.get_absolute_url())]
        return super().get_context_data(author=self.author, crumbs=crumbs, **kwargs)


def post_detail(request, slug):
    """A public post; staff may also open drafts and scheduled posts to preview them."""
    posts = Post.objects.select_related("category", "author")
    if not is_staff(request.user):
        posts = posts.published()
    post = get_object_or_404(posts, slug=slug)
    crumbs = [
        (post.category.name, post.category.get_absolute_url()),
        (post.title, post.get_absolute_url()),
    ]
    response = render(request, "posts/post_detail.html", {"post": post, "crumbs": crumbs})
    if not post.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
