from django.http import HttpResponsePermanentRedirect

from posts.models import Post

# WordPress answers both on any permalink setting: `?p=` for posts, `?page_id=` for pages.
ID_PARAMETERS = ("p", "page_id")


class LegacyURLMiddleware:
    """301 from an old WordPress address to the imported post.

    Paths are looked up only when the site has no page there (a 404), so a legacy URL never shadows
    a real page and costs nothing on normal requests; `?p=ID` is looked up before the view because
    the home page would otherwise answer it with a 200.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in ID_PARAMETERS:
            value = request.GET.get(name, "")
            if value.isascii() and value.isdigit():
                redirect = redirect_from(f"{request.path}?{name}={int(value)}")
                if redirect:
                    return redirect
        response = self.get_response(request)
        if response.status_code == 404:
            return redirect_from(*path_variants(request.path)) or response
        return response


def path_variants(path):
    """WordPress links end in a slash; a visitor may have typed the path with or without one."""
    return (path, path + "/") if not path.endswith("/") else (path, path.rstrip("/"))


def redirect_from(*paths):
    post = Post.objects.filter(legacy_urls__path__in=paths).only("slug").first()
    return HttpResponsePermanentRedirect(post.get_absolute_url()) if post else None
