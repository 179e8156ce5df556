from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from pagecache.fragments import remember

from . import fragments, permissions, seo
from .conditional import post_page_condition, public_post
from .models import Author, Category, Post, Tag

POSTS_PER_PAGE = 10


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
        context = super().get_context_data(categories=fragments.categories(), **kwargs)
        context["head"] = seo.home_meta(self.request, context["page_obj"])
        return context


class PostsOfOneList(PublishedPostList):
    """The published posts of one category, author or tag (the list's `subject`), found by the slug
    in the address."""

    subject_queryset = None  # where the slug is looked up
    subject_name = ""  # the context name of what was found, and its field on Post
    post_filter = ""

    def get(self, request, *args, **kwargs):
        self.subject = get_object_or_404(self.subject_queryset, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(**{self.post_filter: self.subject})

    def count_key(self):
        return f"count:{self.subject_name}:{self.subject.pk}"

    def crumb_label(self):
        return str(self.subject)

    def get_context_data(self, **kwargs):
        crumbs = [(self.crumb_label(), self.subject.get_absolute_url())]
        context = super().get_context_data(crumbs=crumbs, **{self.subject_name: self.subject}, **kwargs)
        context["head"] = self.head(self.request, self.subject, context["page_obj"], crumbs)
        return context


class CategoryView(PostsOfOneList):
    template_name = "posts/category.html"
    subject_queryset = Category.objects.with_faq_flag()
    subject_name = post_filter = "category"
    head = staticmethod(seo.category_meta)


class AuthorView(PostsOfOneList):
    template_name = "posts/author.html"
    subject_queryset = Author.objects.all()
    subject_name = post_filter = "author"
    head = staticmethod(seo.author_meta)


class TagView(PostsOfOneList):
    template_name = "posts/tag.html"
    subject_queryset = Tag.objects.all()
    subject_name = "tag"
    post_filter = "tags"
    head = staticmethod(seo.tag_meta)

    def crumb_label(self):
        return f"Tag: {self.subject.name}"


def category_faq(request, slug):
    """Every published FAQ in a category, each question opening to its answer without JavaScript."""
    category = get_object_or_404(Category, slug=slug)
    faqs = (
        Post.objects.published()
        .filter(category=category, kind=Post.Kind.FAQ)
        .only("title", "slug", "body_html", "published_at")
        .order_by("title", "pk")
    )
    crumbs = [
        (category.name, category.get_absolute_url()),
        ("Frequently asked questions", category.get_faq_url()),
    ]
    head = seo.faq_index_meta(request, category, faqs, crumbs)
    context = {"category": category, "faqs": faqs, "crumbs": crumbs, "head": head}
    return render(request, "posts/category_faq.html", context)


@require_safe
@post_page_condition
def post_detail(request, slug):
    """A public post; editors (and an Author, for their own) may also open drafts and scheduled
    posts to preview them.

    An address the post no longer has is answered by the old-address lookup (addresses/), which
    sees this view's 404.
    """
    post = public_post(request, slug)
    if post is None and request.user.is_authenticated:
        post = (
            permissions.posts_to_open(request.user, Post.objects.all())
            .for_post_page()
            .filter(slug=slug)
            .first()
        )
    if post is None:
        raise Http404("No post at this address.")
    crumbs = [
        (post.category.name, post.category.get_absolute_url()),
        (post.title, post.get_absolute_url()),
    ]
    context = {"post": post, "crumbs": crumbs, "head": seo.post_meta(request, post, crumbs)}
    response = render(request, "posts/post_detail.html", context)
    if not post.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


def page_not_found(request, exception):
    head = seo.error_meta(request, "Page not found")
    return render(request, "404.html", {"head": head}, status=404)
