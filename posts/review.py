"""Keeping posts correct: each post has an owner who reviews it every few months.

When a review is due is derived on save (`Post.schedule_review`) from the last review, or the
publication date, and the post's interval; these are the rules that derivation and the admin's
filters and actions share.
"""

import calendar
from datetime import date

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from pagecache.signals import content_changed

REVIEW_INTERVAL_MONTHS = 6
# A post "needs attention" from its votes when this many readers of its current text said "No"
# and they are at least half of the votes.
NEEDS_ATTENTION_UNHELPFUL = 3


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(reviewed_on, published_at, interval):
    """When a post last reviewed on `reviewed_on` (or never, published at `published_at`) is due."""
    start = reviewed_on or (published_at and timezone.localdate(published_at))
    return add_months(start, interval) if start else None


def due_condition(on=None):
    """The posts whose review is due on `on` (today when not given)."""
    return Q(review_due_on__lte=on or timezone.localdate())


def mark_reviewed(posts, on=None):
    """Record a review of every post in `posts` on `on` (today); returns how many.

    One UPDATE per review interval among them, and `updated_at` stays as it is: checking a post is
    not changing it. An update() sends no save signal, so the page cache is told here (post pages
    show the review date).
    """
    on = on or timezone.localdate()
    posts = posts.model.objects.filter(pk__in=list(posts.values_list("pk", flat=True)))
    count = 0
    for interval in set(posts.values_list("review_interval", flat=True)):
        count += posts.filter(review_interval=interval).update(
            reviewed_on=on,
            review_due_on=add_months(on, interval),
            owner=Coalesce(F("owner"), F("author")),
        )
    content_changed.send(sender=posts.model)
    return count


def unhelpful_condition():
    """For posts from `with_vote_counts()`: those whose current text readers say fails them."""
    return Q(unhelpful_votes__gte=NEEDS_ATTENTION_UNHELPFUL) & Q(unhelpful_votes__gte=F("helpful_votes"))


def needs_attention_condition():
    """For posts from `with_vote_counts()`: readers say they fail them, or their review is overdue."""
    return unhelpful_condition() | due_condition()
