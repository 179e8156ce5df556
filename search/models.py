from django.contrib.postgres.search import SearchVectorField
from django.db import models

from posts.models import Post


class SearchDocument(models.Model):
    """The searchable text of one post, kept in step with it on every save and delete.

    On SQLite an FTS5 table mirrors this table through triggers (see the migrations); on
    PostgreSQL `vector` holds the weighted tsvector of title and body and `title_vector` the
    title's alone, each under a GIN index. Whether a post may be
    found is never stored here: searches join `Post.objects.published()` at query time.
    """

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField()
    body = models.TextField(help_text="The post's body as plain text.")
    # Filled and read on PostgreSQL only; always empty on SQLite, where FTS5 does the work.
    vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)

    def __str__(self):
        return self.title
