"""Search on SQLite: an FTS5 table with Porter stemming, ranked by BM25 (title weighted above body).

The FTS5 table `search_fts` indexes `search_searchdocument` (external content) and is kept in
step with it by triggers created in the migrations. Visibility is not indexed: every query joins
the rows of `Post.objects.published()`, so scheduled posts appear and drafts vanish on time.
"""

from django.db import connection

from posts.models import Post

from ..highlight import START, STOP, highlight
from . import Hit, Results, related_query

FTS_TABLE = "search_fts"
# BM25 column weights (title, body): one title match outweighs any number of body-only matches.
RANK = f"bm25({FTS_TABLE}, 10.0, 1.0)"
SNIPPET_TOKENS = 32
SAME_CATEGORY_BOOST = 2.0


def fts_string(words):
    """An FTS5 string: the words become a phrase; nothing in them can act as query syntax."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def match_expression(query):
    groups = ["(" + " OR ".join(fts_string(term.words) for term in group) + ")" for group in query.groups]
    expression = " AND ".join(groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {fts_string(term.words)}"
    return expression


def published_posts(*fields):
    """SQL for the public posts as a subquery, from the one definition of "published"."""
    posts = Post.objects.published().order_by()
    posts = posts.only(*fields) if fields else posts.values("id")
    return posts.query.sql_with_params()


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SQLiteBackend:
    def search(self, query):
        published, published_params = published_posts()
        source = (
            f"FROM {FTS_TABLE} JOIN ({published}) AS public ON public.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s"
        )
        params = [*published_params, match_expression(query)]

        def count():
            return fetch(f"SELECT count(*) {source}", params)[0][0]

        def page(offset, limit):
            rows = fetch(
                f"SELECT {FTS_TABLE}.rowid, snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_TOKENS}) "
                f"{source} ORDER BY {RANK}, public.id DESC LIMIT %s OFFSET %s",
                [START, STOP, *params, limit, offset],
            )
            posts = Post.objects.select_related("category", "author").defer("body", "body_html")
            posts = posts.in_bulk([post_id for post_id, _ in rows])
            return [Hit(posts[post_id], highlight(snippet)) for post_id, snippet in rows if post_id in posts]

        return Results(count, page)

    def related(self, post, limit):
        query = related_query(post)
        if not query:
            return []
        fields = ["id", "title", "slug", "published_at", "category_id"]
        published, published_params = published_posts(*fields)
        columns = ", ".join(f"public.{field}" for field in fields)
        return list(
            Post.objects.raw(
                f"SELECT {columns} FROM {FTS_TABLE} "
                f"JOIN ({published}) AS public ON public.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND public.id != %s "
                f"ORDER BY {RANK} * (CASE WHEN public.category_id = %s THEN {SAME_CATEGORY_BOOST} "
                f"ELSE 1.0 END), public.id DESC LIMIT %s",
                [*published_params, match_expression(query), post.pk, post.category_id, limit],
            )
        )
