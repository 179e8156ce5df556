"""The two roles, in one place: what Editors and Authors may see and do with posts.

Editors (the `posts.publish_post` permission; superusers have every permission) publish and edit
every post. Authors are other staff: they write posts as their own author and change them only while
they are not published. The admin, the editor's preview and upload, and the public views all ask here.
"""

from django.db.models import Q


def is_staff(user):
    return user.is_active and user.is_staff


def can_publish(user):
    """Editors publish, schedule, record reviews and edit every post."""
    return user.is_active and user.has_perm("posts.publish_post")


def may_change(user, post):
    """An Editor may change any post; an Author only their own, and only while it is not published."""
    if can_publish(user):
        return True
    return post.author.user_id == user.pk and post.status != post.Status.PUBLISHED


def posts_in_admin(user, posts):
    """The posts the admin lists for `user`: all for an Editor, their own for an Author."""
    return posts if can_publish(user) else posts.filter(author__user=user)


def posts_to_open(user, posts):
    """The posts `user` may open on the site: the public sees published posts, Editors every post,
    Authors published posts and their own (to preview drafts)."""
    if can_publish(user):
        return posts
    if is_staff(user):
        return posts.filter(Q(pk__in=posts.model.objects.published().values("pk")) | Q(author__user=user))
    return posts.published()
