"""What this browser has voted on, kept in a signed cookie: no account or session is needed.

The cookie maps "post id:content version" to [vote id, helpful, commented]. Signing stops a reader
from forging someone else's vote id to overwrite its comment; clearing the cookie does allow another
vote, which the per-address rate limit keeps small.
"""

from django.conf import settings
from django.core import signing

COOKIE_NAME = "kb_feedback"
COOKIE_SALT = "feedback.ballot"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# Enough for any real reader, and keeps the cookie far below browsers' 4 kB limit.
MAX_ENTRIES = 60


def ballot_key(post):
    return f"{post.pk}:{post.content_version}"


def voted_key(ballot, post):
    """The key of this browser's vote on `post`: on its current text, else the latest on an earlier
    text (an editor may save between the vote and the comment, which still belongs to that vote)."""
    current = ballot_key(post)
    if current in ballot:
        return current
    earlier = [key for key in ballot if key.partition(":")[0] == str(post.pk)]
    return earlier[-1] if earlier else None


def read_ballot(request):
    """The browser's votes; a missing, forged or malformed cookie counts as no votes."""
    try:
        ballot = signing.loads(request.COOKIES.get(COOKIE_NAME, ""), salt=COOKIE_SALT)
    except signing.BadSignature:
        return {}
    if not isinstance(ballot, dict):
        return {}
    return {key: entry for key, entry in ballot.items() if _is_entry(entry)}


def _is_entry(entry):
    return (
        isinstance(entry, list)
        and len(entry) == 3
        and isinstance(entry[0], int)
        and all(isinstance(flag, bool) for flag in entry[1:])
    )


def write_ballot(response, ballot):
    newest = dict(list(ballot.items())[-MAX_ENTRIES:])
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(newest, salt=COOKIE_SALT, compress=True),
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
