"""A post's revisions, kept by django-reversion: what changed between two of them, and restoring one.

Every save of a post stores a revision (Post.save opens one), with who saved it and when. The
comparison is a line diff of the fields an editor writes; restoring copies those fields back
onto the post and saves it, so the restore is itself a new revision and nothing is overwritten.
"""

import difflib

import reversion
from django.utils.formats import localize
from django.utils.timezone import localtime
from reversion.models import Version

from .models import Post

# What a diff shows, in the order of the edit form.
COMPARED_FIELDS = ["title", "slug", "kind", "excerpt", "body"]
# What a restore brings back: the text and its filing. Status and publication date stay as they are,
# so restoring old words never publishes or withdraws a post by the way.
RESTORED_FIELDS = ["kind", "title", "slug", "excerpt", "body", "category_id"]


def versions_of(post):
    """The post's revisions, newest first, with who saved each."""
    return Version.objects.get_for_object(post).select_related("revision__user")


def version_at(post, revision_number):
    """The stored revision of `post` with the given revision number, or None when none is kept."""
    for version in versions_of(post):
        if version.field_dict.get("revision") == revision_number:
            return version
    return None


def current_fields(post):
    return {name: getattr(post, name) for name in COMPARED_FIELDS}


def changes_between(old, new):
    """Per changed field: its label and the lines of a unified diff from `old` to `new`."""
    changes = []
    for name in COMPARED_FIELDS:
        before, after = str(old.get(name) or ""), str(new.get(name) or "")
        if before != after:
            label = Post._meta.get_field(name).verbose_name.capitalize()
            changes.append({"field": label, "lines": diff_lines(before, after)})
    return changes


def diff_lines(before, after):
    """A unified diff as (kind, text) pairs; kind is "added", "removed", "context" or "hunk"."""
    kinds = {"+": "added", "-": "removed", " ": "context", "@": "hunk"}
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=3)
    return [(kinds[line[0]], line[1:] if line[0] != "@" else line) for line in list(diff)[2:]]


def who_saved(version):
    """ "saved by NAME on DATE" for a message."""
    user = version.revision.user
    who = user.get_username() if user else "someone"
    return f"saved by {who} on {localize(localtime(version.revision.date_created))}"


def restore(post, version, user):
    """Bring back the text of `version` as a new revision. Raises ValidationError when it no longer fits
    (its address was taken by another post since, or its category is gone)."""
    fields = version.field_dict
    for name in RESTORED_FIELDS:
        setattr(post, name, fields[name])
    post.full_clean(exclude=["author"])
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision {who_saved(version)}.")
        post.save()
