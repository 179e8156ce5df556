"""Search on PostgreSQL: weighted tsvectors (title A, body B) under GIN indexes.

`SearchDocument.vector` (title and body) and `title_vector` are computed from the document's
text when it is written (see `stored_vectors`); their GIN indexes come from the migrations.
Queries use `websearch_to_tsquery`, `ts_rank` and `ts_headline` through Django's search
expressions and join `Post.objects.published()`, so visibility is decided at query time.
"""

import html

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Replace

from posts.models import Post

from ..highlight import START, STOP, highlight
from ..models import SearchDocument
from .base import MAX_RESULTS, Hit, Results, related_query

CONFIG = "english"
SAME_CATEGORY_BOOST = 2.0


def stored_vectors():
    """The vectors stored for a document: in `vector`, a title match outweighs body matches."""
    title = SearchVector("title", weight="A", config=CONFIG)
    return {"vector": title + SearchVector("body", weight="B", config=CONFIG), "title_vector": title}


def escaped_for_headline(field):
    """The text with `&`, `<` and `>` as entities: ts_headline drops anything shaped like a tag,
    and would lose a post's literal `<script>`; entities pass through and are decoded after."""
    text = F(field)
    for character, entity in [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]:
        text = Replace(text, Value(character), Value(entity))
    return text


def websearch_text(query, excluded=True):
    """The parsed query in websearch syntax; its words hold only letters and digits."""
    groups = [" or ".join(_quoted(term.words) for term in group) for group in query.groups]
    return " ".join(groups + (["-" + _quoted(term.words) for term in query.excluded] if excluded else []))


def _quoted(words):
    return f'"{" ".join(words)}"' if len(words) > 1 else words[0]


def _tsquery(query, excluded=True):
    return SearchQuery(websearch_text(query, excluded), search_type="websearch", config=CONFIG)


def newest(documents):
    """The ids of the newest matching documents: the window in which a group is ranked."""
    return documents.order_by("-post_id").values("post_id")[:MAX_RESULTS]


class PostgreSQLBackend:
    def search(self, query):
        tsquery = _tsquery(query)
        positive = _tsquery(query, excluded=False)
        title_matches = SearchDocument.objects.filter(title_vector=positive)
        if query.excluded:
            title_matches = title_matches.filter(vector=tsquery)
        body_matches = SearchDocument.objects.filter(vector=tsquery).exclude(title_vector=positive)
        in_title = Q(search_document__title_vector=positive)
        ranked = (
            Post.objects.published()
            .filter(pk__in=newest(title_matches).union(newest(body_matches), all=True))
            .select_related("category", "author")
            .defer("body", "body_html")
            .annotate(
                tier=Case(When(in_title, then=Value(0)), default=Value(1), output_field=IntegerField()),
                rank=SearchRank(F("search_document__vector"), tsquery),
                snippet=SearchHeadline(
                    escaped_for_headline("search_document__body"),
                    tsquery,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=22,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("tier", "-rank", "-id")
        )

        def count():
            matches = Post.objects.published().filter(search_document__vector=tsquery).order_by()
            return matches[: MAX_RESULTS + 1].count()

        def page(offset, limit):
            return [
                Hit(post, highlight(html.unescape(post.snippet))) for post in ranked[offset : offset + limit]
            ]

        return Results(count, page)

    def related(self, post, limit):
        query = related_query(post)
        if not query:
            return []
        tsquery = _tsquery(query)
        window = newest(SearchDocument.objects.filter(vector=tsquery).exclude(pk=post.pk))
        boost = Case(
            When(category_id=post.category_id, then=Value(SAME_CATEGORY_BOOST)),
            default=Value(1.0),
            output_field=FloatField(),
        )
        return list(
            Post.objects.published()
            .filter(pk__in=window)
            .only("id", "title", "slug", "published_at", "category_id")
            .annotate(score=SearchRank(F("search_document__vector"), tsquery) * boost)
            .order_by("-score", "-id")[:limit]
        )
