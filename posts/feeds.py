"""RSS 2.0 and Atom feeds of the newest published posts, for the whole site and for each category."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from . import seo
from .models import Category, Post

FEED_LENGTH = 20


class PostsFeed(Feed):
    description = settings.SITE_TAGLINE

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return reverse("posts:home")

    def feed_url(self):
        return reverse("posts:feed")

    def posts(self):
        return Post.objects.published().select_related("category", "author").order_by("-published_at", "-id")

    def items(self):
        return self.posts()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        """The whole body, as the sanitised HTML the post page shows."""
        return post.body_html

    def item_author_name(self, post):
        return post.author.name

    def item_categories(self, post):
        return [post.category.name]

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at


class AtomWithContent(Atom1Feed):
    """Atom with each post's whole body in <content>, its excerpt staying in <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class AtomMixin:
    feed_type = AtomWithContent

    def item_description(self, post):
        """The excerpt is plain text (it may well read "use the <form> element"), while Atom's
        summary is declared HTML: escaped, so readers show it as typed."""
        return escape(post.summary)

    def item_extra_kwargs(self, post):
        return {"content": post.body_html}


class PostsAtomFeed(AtomMixin, PostsFeed):
    subtitle = PostsFeed.description

    def feed_url(self):
        return reverse("posts:atom")


class CategoryFeed(PostsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return seo.site_title(category.name)

    def description(self, category):
        return seo.category_description(category)

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse("posts:category_feed", kwargs={"slug": category.slug})

    def items(self, category):
        return self.posts().filter(category=category)[:FEED_LENGTH]


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    def subtitle(self, category):
        return self.description(category)

    def feed_url(self, category):
        return reverse("posts:category_atom", kwargs={"slug": category.slug})
