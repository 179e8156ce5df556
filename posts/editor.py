"""The markdownx editor's endpoints, for logged-in staff only.

markdownx ships views that answer anyone; these replace them so that only staff can render
previews or store files.
"""

from functools import wraps

from django.http import HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from images.uploads import ImageUploadForm

from . import permissions
from .markdown import RenderTooSlow, render_markdown
from .models import BODY_MAX_LENGTH


def staff_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_staff(request.user):
            return JsonResponse({"error": "Log in to the admin as staff to use the editor."}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@staff_only
def preview(request):
    content = request.POST.get("content", "")
    if len(content) > BODY_MAX_LENGTH:
        return HttpResponse(
            f"<p><strong>The text is longer than {BODY_MAX_LENGTH:,} characters; "
            "shorten it to see the preview.</strong></p>"
        )
    try:
        return HttpResponse(render_markdown(content))
    except RenderTooSlow as refusal:
        return HttpResponse(f"<p><strong>{escape(refusal)}</strong></p>")


@require_POST
@staff_only
def upload(request):
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return JsonResponse({"error": message}, status=400)
    url = form.save()
    return JsonResponse({"image_code": f"![{form.alt_text()}]({url})"})
