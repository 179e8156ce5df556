"""The one lookup of old addresses: what an address the site no longer answers at should answer."""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render

from posts import seo
from posts.models import Post

from .models import OldAddress


def answer_old_address(request, *paths):
    """301 to the live address of a published post, 410 for a removed page, None otherwise.

    A draft's or a scheduled post's old address answers None (the caller's 404): an old address
    never reveals that a post exists before it is public.
    """
    address = OldAddress.objects.filter(path__in=paths).only("post_id").first()
    if address is None:
        return None
    if address.post_id is None:
        head = seo.error_meta(request, "Page removed")
        return render(request, "410.html", {"head": head}, status=410)
    post = Post.objects.published().filter(pk=address.post_id).only("slug").first()
    return HttpResponsePermanentRedirect(post.get_absolute_url()) if post else None
