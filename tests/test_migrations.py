from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("posts", "0002_retiredslug")]


@pytest.mark.django_db(transaction=True)
def test_existing_posts_get_contents_reading_time_version_owner_and_review_date():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    category = old_apps.get_model("posts", "Category").objects.create(name="C", slug="c")
    author = old_apps.get_model("posts", "Author").objects.create(name="A", slug="a")
    old_apps.get_model("posts", "Post").objects.create(
        title="Old", slug="old", category=category, author=author, status="published",
        published_at=datetime(2026, 1, 31, 12, tzinfo=UTC), body="## One\n\n## Two\n\n## Three\n",
        body_html="<h2>stale</h2>",
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from posts.models import Post

    post = Post.objects.get(slug="old")
    assert [heading["id"] for heading in post.toc] == ["one", "two", "three"]
    assert 'class="heading-anchor"' in post.body_html
    assert post.reading_minutes == 1
    assert len(post.content_version) == 16
    assert post.owner_id == post.author_id
    assert str(post.review_due_on) == "2026-07-31"
