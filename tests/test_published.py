from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from posts.models import Post
from tests.support.factories import make_post

pytestmark = pytest.mark.django_db


def test_published_post_from_the_past_is_public():
    post = make_post(published_at=timezone.now() - timedelta(minutes=1))
    assert list(Post.objects.published()) == [post]
    assert post.is_public


def test_draft_is_not_public_even_with_a_past_date():
    make_post(status=Post.Status.DRAFT, published_at=timezone.now() - timedelta(days=3))
    assert not Post.objects.published().exists()


def test_scheduled_post_stays_hidden_until_its_time():
    post = make_post(published_at=timezone.now() + timedelta(hours=1))
    assert not Post.objects.published().exists()
    assert not post.is_public
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Post.objects.published()) == [post]


def test_publishing_without_a_date_sets_it_to_now():
    post = make_post(published_at=None)
    assert post.published_at is not None
    assert timezone.now() - post.published_at < timedelta(seconds=5)
    assert post.is_public


def test_database_refuses_a_published_post_without_a_date():
    post = make_post()
    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=post.pk).update(published_at=None)


def test_draft_may_have_no_date():
    post = make_post(status=Post.Status.DRAFT)
    assert post.published_at is None
