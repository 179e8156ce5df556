from .lookup import answer_old_address

# WordPress answers both on any permalink setting: `?p=` for posts, `?page_id=` for pages.
ID_PARAMETERS = ("p", "page_id")


class OldAddressMiddleware:
    """Answers old addresses: renamed posts' slugs and the addresses of a replaced site.

    Paths are looked up only when the site has no page there (a 404), so an old address never
    shadows a real page and costs nothing on normal requests; `?p=ID` is looked up before the view
    because the home page would otherwise answer it with a 200.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in ID_PARAMETERS:
            value = request.GET.get(name, "")
            if value.isascii() and value.isdigit():
                answer = answer_old_address(request, f"{request.path}?{name}={int(value)}")
                if answer:
                    return answer
        response = self.get_response(request)
        if response.status_code == 404:
            return answer_old_address(request, *path_variants(request.path)) or response
        return response


def path_variants(path):
    """Old links end in a slash or not; a visitor may have typed the path either way."""
    return (path, path + "/") if not path.endswith("/") else (path, path.rstrip("/"))
