from django.conf import settings
from django.views.generic import ListView

from posts import seo
from posts.models import Category, Post

from .backends import get_backend
from .query import parse

RESULTS_PER_PAGE = 10
SUGGESTED_POSTS = 5


class SearchView(ListView):
    """Ranked results for `?q=`; any text gives a page of results or the empty state, never an error.

    Like the other lists, a page number that does not exist is a 404.
    """

    template_name = "search/results.html"
    paginate_by = RESULTS_PER_PAGE
    context_object_name = "hits"

    def get(self, request, *args, **kwargs):
        self.query = parse(request.GET.get("q", ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return get_backend().search(self.query) if self.query else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, search_text=self.query.text, **kwargs)
        context["capped"] = getattr(self.object_list, "capped", False)
        name = f"Search: {self.query.text}" if self.query.text else "Search"
        context["head"] = seo.page_meta(
            self.request,
            seo.paged(name, context["page_obj"]),
            f"Search the {settings.SITE_NAME}.",
            robots="noindex",
        )
        if not context["hits"]:
            context["suggested_categories"] = Category.objects.only("name", "slug", "description")
            context["suggested_posts"] = Post.objects.published().for_listing()[:SUGGESTED_POSTS]
        return context


search = SearchView.as_view()
