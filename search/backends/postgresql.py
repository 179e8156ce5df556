"""Search on PostgreSQL: a weighted tsvector (title A, body B) under a GIN index.

`SearchDocument.vector` is written with the document (see `vector_expression`); the GIN index on
it comes from the migrations. Queries use `websearch_to_tsquery`, `ts_rank` and `ts_headline`
through Django's search expressions, and join `Post.objects.published()`, so visibility is
decided at query time.
"""

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, FloatField, Value, When

from posts.models import Post

from ..highlight import START, STOP, highlight
from . import Hit, Results, related_query

CONFIG = "english"
SAME_CATEGORY_BOOST = 2.0


def stored_vector():
    """The weighted vector stored for a document: a title match ranks above a body-only one."""
    return SearchVector("title", weight="A", config=CONFIG) + SearchVector("body", weight="B", config=CONFIG)


def websearch_text(query):
    """The parsed query in websearch syntax; its words hold only letters and digits."""
    groups = [" or ".join(_quoted(term.words) for term in group) for group in query.groups]
    return " ".join(groups + ["-" + _quoted(term.words) for term in query.excluded])


def _quoted(words):
    return f'"{" ".join(words)}"' if len(words) > 1 else words[0]


def _tsquery(query):
    return SearchQuery(websearch_text(query), search_type="websearch", config=CONFIG)


class PostgreSQLBackend:
    def search(self, query):
        tsquery = _tsquery(query)
        matches = Post.objects.published().filter(search_document__vector=tsquery)
        ranked = (
            matches.select_related("category", "author")
            .defer("body", "body_html")
            .annotate(
                rank=SearchRank(F("search_document__vector"), tsquery),
                snippet=SearchHeadline(
                    "search_document__body",
                    tsquery,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=35,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-id")
        )

        def page(offset, limit):
            return [Hit(post, highlight(post.snippet)) for post in ranked[offset : offset + limit]]

        return Results(matches.count, page)

    def related(self, post, limit):
        query = related_query(post)
        if not query:
            return []
        tsquery = _tsquery(query)
        boost = Case(
            When(category_id=post.category_id, then=Value(SAME_CATEGORY_BOOST)),
            default=Value(1.0),
            output_field=FloatField(),
        )
        return list(
            Post.objects.published()
            .filter(search_document__vector=tsquery)
            .exclude(pk=post.pk)
            .only("id", "title", "slug", "published_at", "category_id")
            .annotate(score=SearchRank(F("search_document__vector"), tsquery) * boost)
            .order_by("-score", "-id")[:limit]
        )
