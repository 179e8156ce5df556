from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import ListView

from . import seo
from .conditional import post_page_condition, public_post
from .models import Author, Category, Post, RetiredSlug, Tag

POSTS_PER_PAGE = 10


def is_staff(user):
    return user.is_active and user.is_staff


class PublishedPostList(ListView):
    """A paginated list of published posts; Django's paginator turns bad page numbers into 404."""

    paginate_by = POSTS_PER_PAGE
    context_object_name = "posts"

    def get_queryset(self):
        return Post.objects.published().for_listing()


class HomeView(PublishedPostList):
    template_name = "posts/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(categories=Category.objects.all(), **kwargs)
        context["head"] = seo.home_meta(self.request, context["page_obj"])
        return context


class CategoryView(PublishedPostList):
    template_name = "posts/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category.objects.with_faq_flag(), slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        crumbs = [(self.category.name, self.category.get_absolute_url())]
        context = super().get_context_data(category=self.category, crumbs=crumbs, **kwargs)
        context["head"] = seo.category_meta(self.request, self.category, context["page_obj"], crumbs)
        return context


class AuthorView(PublishedPostList):
    template_name = "posts/author.html"

    def get(self, request, *args, **kwargs):
        self.author = get_object_or_404(Author, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        crumbs = [(self.author.name, self.author.get_absolute_url())]
        context = super().get_context_data(author=self.author, crumbs=crumbs, **kwargs)
        context["head"] = seo.author_meta(self.request, self.author, context["page_obj"], crumbs)
        return context


class TagView(PublishedPostList):
    template_name = "posts/tag.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        crumbs = [(f"Tag: {self.tag.name}", self.tag.get_absolute_url())]
        context = super().get_context_data(tag=self.tag, crumbs=crumbs, **kwargs)
        context["head"] = seo.tag_meta(self.request, self.tag, context["page_obj"], crumbs)
        return context


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


@post_page_condition
def post_detail(request, slug):
    """A public post; staff may also open drafts and scheduled posts to preview them.

    An address the post no longer has redirects to its live one; a deleted post's answers 410.
    """
    post = public_post(request, slug)
    if post is None and is_staff(request.user):
        post = Post.objects.for_post_page().filter(slug=slug).first()
    if post is None:
        return moved_or_gone(request, slug)
    crumbs = [
        (post.category.name, post.category.get_absolute_url()),
        (post.title, post.get_absolute_url()),
    ]
    context = {"post": post, "crumbs": crumbs, "head": seo.post_meta(request, post, crumbs)}
    response = render(request, "posts/post_detail.html", context)
    if not post.is_public:
        response["Cache-Control"] = "private, no-store"
    return response


def moved_or_gone(request, slug):
    """301 to the post's live address in one hop, 410 for a deleted post, else 404."""
    retired = get_object_or_404(RetiredSlug.objects.select_related("post"), slug=slug)
    if retired.post is None:
        head = seo.error_meta(request, "Page removed")
        return render(request, "410.html", {"head": head}, status=410)
    get_object_or_404(Post.objects.published(), pk=retired.post_id)
    return redirect(retired.post, permanent=True)


def page_not_found(request, exception):
    head = seo.error_meta(request, "Page not found")
    return render(request, "404.html", {"head": head}, status=404)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap}, content_type="text/plain; charset=utf-8")
