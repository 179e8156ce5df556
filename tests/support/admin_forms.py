"""What the admin's post forms send, as a browser would post them."""


def post_form(category, author, **overrides):
    """The add form for a new published post with a table and code, with `overrides` changed."""
    data = {
        "kind": "article",
        "title": "A table and some code",
        "slug": "a-table-and-some-code",
        "body": "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\n",
        "category": category.pk,
        "author": author.pk,
        "excerpt": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
    }
    data.update(overrides)
    return data


def change_form(post, **overrides):
    """What the admin's change form sends for `post`, opened at its current revision."""
    data = {
        "kind": post.kind,
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "category": post.category_id,
        "author": post.author_id,
        "excerpt": post.excerpt,
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d") if post.published_at else "",
        "published_at_1": post.published_at.strftime("%H:%M:%S") if post.published_at else "",
        "opened_revision": post.revision,
    }
    data.update(overrides)
    return data


def save(client, post, **overrides):
    """Saves `post` through the admin's change form, as `client`'s user."""
    return client.post(f"/admin/posts/post/{post.pk}/change/", change_form(post, **overrides))
