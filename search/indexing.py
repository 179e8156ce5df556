"""Writing posts into the search index: one function per way a post changes.

Covered automatically: `Post.save()` (admin, forms, `create`, `get_or_create`) through a
post_save signal, and every delete, single or `QuerySet.delete()`, through the CASCADE from the
post to its document. Not covered: `QuerySet.update()` of title or body and `bulk_create()`,
which send no signals; run `manage.py rebuild_search_index` after those. Publishing and
unpublishing need no re-indexing at all, since searches check visibility at query time.
"""

from django.db import connection

from posts.models import Post
from posts.text import plain_text

from .models import SearchDocument
from .query import clean_text

BATCH_SIZE = 1000


def document_text(title, body_html):
    """The title and plain body text to index (without control characters)."""
    return {"title": clean_text(title), "body": clean_text(plain_text(body_html))}


def update_vectors(documents):
    """On PostgreSQL, compute the weighted vectors of these documents from their text."""
    if connection.vendor == "postgresql":
        from .backends.postgresql import stored_vectors

        documents.update(**stored_vectors())


def index_post(post):
    SearchDocument.objects.update_or_create(post=post, defaults=document_text(post.title, post.body_html))
    update_vectors(SearchDocument.objects.filter(pk=post.pk))


def index_posts(posts):
    """Index many posts at once: the bulk path of `rebuild`."""
    documents = [
        SearchDocument(post_id=post.pk, **document_text(post.title, post.body_html)) for post in posts
    ]
    SearchDocument.objects.bulk_create(documents, batch_size=BATCH_SIZE)
    update_vectors(SearchDocument.objects.filter(pk__in=[document.pk for document in documents]))


def optimize():
    """Merge the SQLite full-text index into one segment, as after a rebuild or bulk import."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in ["search_fts", "search_title_fts"]:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def rebuild():
    """Index every post from scratch; returns how many were indexed."""
    SearchDocument.objects.all().delete()
    posts = Post.objects.only("id", "title", "body_html").order_by("id")
    batch = []
    count = 0
    for post in posts.iterator(chunk_size=BATCH_SIZE):
        batch.append(post)
        if len(batch) == BATCH_SIZE:
            index_posts(batch)
            count, batch = count + len(batch), []
    index_posts(batch)
    optimize()
    return count + len(batch)
