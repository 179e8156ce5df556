from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from posts import seo
from posts.models import Post

from .ballot import ballot_key, read_ballot, voted_key, write_ballot
from .forms import CommentForm, VoteForm
from .models import Vote
from .ratelimit import allow


def _see_other(url):
    """After a POST, send the browser to a page it may reload without submitting again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _public_post(slug):
    return get_object_or_404(
        Post.objects.published().only("id", "slug", "title", "content_version"), slug=slug
    )


def _feedback_page(request, post, status=200, **context):
    head = seo.page_meta(request, f"Your feedback on “{post.title}”", robots="noindex")
    return render(request, "feedback/feedback.html", {"post": post, "head": head, **context}, status=status)


def _too_many(request, post):
    return _feedback_page(request, post, status=429, too_many=True)


def _sent_from_this_site(request):
    """Whether the browser says the form was on this site: its Origin header, else its Referer."""
    own = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is None and request.headers.get("Referer"):
        parts = urlsplit(request.headers["Referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin in own


# The vote form sits on every post page, which is served from the page cache to every reader; a
# per-browser CSRF token in it would make each page uncacheable. Cross-site forgery is refused by
# the Origin check instead (browsers send Origin with every form POST), as OWASP recommends.
@csrf_exempt
@never_cache
@require_POST
def vote(request, slug):
    """Record "Was this helpful?" once per browser for the post's current text."""
    post = _public_post(slug)
    if not _sent_from_this_site(request):
        return HttpResponseForbidden("Votes are only accepted from this site's own pages.")
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _feedback_page(request, post, status=400, vote_form=form)
    ballot = read_ballot(request)
    key = ballot_key(post)
    if key in ballot:
        return _see_other(reverse("feedback:thanks", args=[post.slug]) + "?already=1")
    if not allow(request):
        return _too_many(request, post)
    helpful = form.cleaned_data["helpful"]
    cast = Vote.objects.create(post=post, content_version=post.content_version, helpful=helpful)
    ballot[key] = [cast.pk, helpful, False]
    response = _see_other(reverse("feedback:thanks", args=[post.slug]))
    write_ballot(response, ballot)
    return response


@never_cache  # what it shows depends on this browser's cookie
@require_http_methods(["GET", "HEAD", "POST"])
def thanks(request, slug):
    """After a vote: thanks, and after a "No" a chance to say what was missing."""
    post = _public_post(slug)
    ballot = read_ballot(request)
    key = voted_key(ballot, post)
    if key is None:
        return redirect(post.get_absolute_url() + "#feedback")
    vote_id, helpful, commented = ballot[key]
    may_comment = not helpful and not commented
    if request.method != "POST":
        form = CommentForm() if may_comment else None
        return _feedback_page(request, post, comment_form=form, already="already" in request.GET)
    if not may_comment:
        return _feedback_page(request, post, status=400, refused="Your comment has already been sent.")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _feedback_page(request, post, status=400, comment_form=form)
    if not allow(request):
        return _too_many(request, post)
    Vote.objects.filter(pk=vote_id, post=post, helpful=False, comment="").update(
        comment=form.cleaned_data["comment"].strip()
    )
    ballot[key] = [vote_id, helpful, True]
    response = _see_other(reverse("feedback:thanks", args=[post.slug]))
    write_ballot(response, ballot)
    return response
