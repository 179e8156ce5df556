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


BEFORE_ONE_ADDRESS_TABLE = [("posts", "0004_roles_and_revisions"), ("wordpress", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_retired_slugs_and_wordpress_addresses_move_into_one_table_and_keep_answering(client):
    executor = MigrationExecutor(connection)
    executor.migrate([*BEFORE_ONE_ADDRESS_TABLE, ("addresses", None)])
    old_apps = executor.loader.project_state(BEFORE_ONE_ADDRESS_TABLE).apps
    category = old_apps.get_model("posts", "Category").objects.create(name="C", slug="c")
    author = old_apps.get_model("posts", "Author").objects.create(name="A", slug="a")
    post = old_apps.get_model("posts", "Post").objects.create(
        title="Live", slug="live", category=category, author=author, status="published",
        published_at=datetime(2026, 1, 31, 12, tzinfo=UTC), body="Text.",
    )  # fmt: skip
    old_apps.get_model("posts", "RetiredSlug").objects.create(slug="before", post=post)
    old_apps.get_model("posts", "RetiredSlug").objects.create(slug="deleted", post=None)
    old_apps.get_model("wordpress", "LegacyURL").objects.create(path="/?p=12", post=post)
    old_apps.get_model("wordpress", "LegacyURL").objects.create(path="/2024/01/live/", post=post)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from addresses.models import OldAddress

    assert dict(OldAddress.objects.values_list("path", "post__slug")) == {
        "/posts/before/": "live", "/posts/deleted/": None, "/?p=12": "live", "/2024/01/live/": "live",
    }  # fmt: skip
    for old in ["/posts/before/", "/?p=12", "/2024/01/live/"]:
        assert client.get(old)["Location"] == "/posts/live/"
    assert client.get("/posts/deleted/").status_code == 410
