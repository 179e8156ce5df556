"""The engine-specific half of the search index, and the documents of posts that already exist.

SQLite: two FTS5 tables over search_searchdocument (external content, Porter stemming), one of
title and body and one of titles alone, kept in step with it by triggers. PostgreSQL: GIN
indexes on the stored vectors. Each step does nothing on the other engine, so one migration
history serves both.
"""

from django.db import migrations

SQLITE_FORWARDS = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body,
        content='search_searchdocument', content_rowid='post_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE VIRTUAL TABLE search_title_fts USING fts5(
        title,
        content='search_searchdocument', content_rowid='post_id',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (new.post_id, new.title, new.body);
        INSERT INTO search_title_fts(rowid, title) VALUES (new.post_id, new.title);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.post_id, old.title, old.body);
        INSERT INTO search_title_fts(search_title_fts, rowid, title)
        VALUES ('delete', old.post_id, old.title);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', old.post_id, old.title, old.body);
        INSERT INTO search_title_fts(search_title_fts, rowid, title)
        VALUES ('delete', old.post_id, old.title);
        INSERT INTO search_fts(rowid, title, body) VALUES (new.post_id, new.title, new.body);
        INSERT INTO search_title_fts(rowid, title) VALUES (new.post_id, new.title);
    END""",
]
SQLITE_BACKWARDS = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_title_fts",
    "DROP TABLE search_fts",
]
POSTGRESQL_FORWARDS = [
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_document_title_vector ON search_searchdocument USING gin (title_vector)",
]
POSTGRESQL_BACKWARDS = ["DROP INDEX search_document_title_vector", "DROP INDEX search_document_vector"]


def run_for_vendor(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def index_existing_posts(apps, schema_editor):
    from search.backends.postgresql import stored_vectors
    from search.indexing import document_text

    Post = apps.get_model("posts", "Post")
    SearchDocument = apps.get_model("search", "SearchDocument")
    documents = [
        SearchDocument(post_id=post.pk, **document_text(post.title, post.body_html))
        for post in Post.objects.only("id", "title", "body_html").iterator()
    ]
    SearchDocument.objects.bulk_create(documents, batch_size=1000)
    if schema_editor.connection.vendor == "postgresql":
        SearchDocument.objects.update(**stored_vectors())


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_for_vendor({"sqlite": SQLITE_FORWARDS, "postgresql": POSTGRESQL_FORWARDS}),
            run_for_vendor({"sqlite": SQLITE_BACKWARDS, "postgresql": POSTGRESQL_BACKWARDS}),
        ),
        migrations.RunPython(index_existing_posts, migrations.RunPython.noop),
    ]
