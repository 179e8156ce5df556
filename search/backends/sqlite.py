"""Search on SQLite: an FTS5 table with Porter stemming, ranked by BM25 (title weighted above body).

The FTS5 tables `search_fts` (title and body) and `search_title_fts` (titles alone, so that
title matches are found without reading every body match) index `search_searchdocument`
(external content) and are kept in step with it by triggers created in the migrations.
Visibility is not indexed: every query joins the rows of `Post.objects.published()`, so
scheduled posts appear and drafts vanish on time.
"""

from django.db import connection

from posts.models import Post

from ..highlight import START, STOP, highlight
from .base import MAX_RESULTS, Hit, Results, related_query

FTS_TABLE = "search_fts"
TITLE_TABLE = "search_title_fts"
# BM25 column weights (title, body): a title match outweighs many body matches.
RANK = f"bm25({FTS_TABLE}, 10.0, 1.0)"
SNIPPET_TOKENS = 32
SAME_CATEGORY_BOOST = 2.0


def fts_string(words):
    """An FTS5 string: the words become a phrase; nothing in them can act as query syntax."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def positive_expression(query):
    return " AND ".join(
        "(" + " OR ".join(fts_string(term.words) for term in group) + ")" for group in query.groups
    )


def match_expression(query):
    expression = positive_expression(query)
    for term in query.excluded:
        expression = f"({expression}) NOT {fts_string(term.words)}"
    return expression


def excluded_expression(query):
    return " OR ".join(fts_string(term.words) for term in query.excluded)


def published_posts(*fields):
    """SQL for the public posts as a subquery, from the one definition of "published"."""
    posts = Post.objects.published().order_by()
    posts = posts.only(*fields) if fields else posts.values("id")
    return posts.query.sql_with_params()


def fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def window(table, rank):
    """The newest MAX_RESULTS published posts matching in `table`, with their rank."""
    published, params = published_posts()
    sql = (
        f"SELECT {table}.rowid AS id, {rank} AS score FROM {table} "
        f"JOIN ({published}) AS public ON public.id = {table}.rowid "
        f"WHERE {table} MATCH %s ORDER BY {table}.rowid DESC LIMIT {MAX_RESULTS}"
    )
    return sql, list(params)


class SQLiteBackend:
    def search(self, query):
        expression = match_expression(query)

        def count():
            published, params = published_posts()
            return fetch(
                f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} "
                f"JOIN ({published}) AS public ON public.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s LIMIT {MAX_RESULTS + 1})",
                [*params, expression],
            )[0][0]

        def page(offset, limit):
            titles, title_params = window(TITLE_TABLE, f"bm25({TITLE_TABLE})")
            title_params.append(positive_expression(query))
            if query.excluded:
                # The titles table cannot see bodies; posts with an excluded word anywhere go.
                titles = (
                    f"SELECT * FROM ({titles}) WHERE id NOT IN "
                    f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
                )
                title_params.append(excluded_expression(query))
            everything, params = window(FTS_TABLE, RANK)
            # Title matches first: for a post in both windows, min(tier) keeps its title-row score.
            rows = fetch(
                f"SELECT id, min(tier) AS tier, score FROM ("
                f"SELECT id, 0 AS tier, score FROM ({titles}) UNION ALL "
                f"SELECT id, 1 AS tier, score FROM ({everything})) "
                f"GROUP BY id ORDER BY tier, score, id DESC LIMIT %s OFFSET %s",
                [*title_params, *params, expression, limit, offset],
            )
            return hits([row[0] for row in rows], expression)

        return Results(count, page)

    def related(self, post, limit):
        query = related_query(post)
        if not query:
            return []
        fields = ["id", "title", "slug", "published_at", "category_id"]
        published, published_params = published_posts(*fields)
        columns = ", ".join(fields)
        candidates = (
            f"SELECT {', '.join(f'public.{field}' for field in fields)}, {RANK} AS score "
            f"FROM {FTS_TABLE} JOIN ({published}) AS public ON public.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND public.id != %s ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
        )
        return list(
            Post.objects.raw(
                f"SELECT {columns} FROM ({candidates}) ORDER BY score * (CASE WHEN category_id = %s "
                f"THEN {SAME_CATEGORY_BOOST} ELSE 1.0 END), id DESC LIMIT %s",
                [
                    *published_params,
                    match_expression(query),
                    post.pk,
                    MAX_RESULTS,
                    post.category_id,
                    limit,
                ],
            )
        )


def hits(post_ids, expression):
    """The posts, in the given order, each with its body snippet highlighted."""
    if not post_ids:
        return []
    marks = ", ".join(["%s"] * len(post_ids))
    snippets = dict(
        fetch(
            f"SELECT rowid, snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_TOKENS}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s AND rowid IN ({marks})",
            [START, STOP, expression, *post_ids],
        )
    )
    posts = Post.objects.select_related("category", "author").defer("body", "body_html").in_bulk(post_ids)
    return [Hit(posts[pk], highlight(snippets.get(pk, ""))) for pk in post_ids if pk in posts]
