"""Pages built to test the page cache with: one that carries an ETag, as post pages do, and one that
sets a cookie on a public page. Each records its renders, so a test can tell a cache hit from a render."""

import itertools

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import etag

renders = []
_visitor_numbers = itertools.count(1)


@etag(lambda request: '"v1"')
def tagged(request):
    renders.append(request.path)
    return HttpResponse("tagged page")


def sets_a_cookie(request):
    renders.append(request.path)
    response = HttpResponse("a public page")
    response.set_cookie("visitor", str(next(_visitor_numbers)))
    return response


urlpatterns = [path("tagged/", tagged), path("sets-a-cookie/", sets_a_cookie)]
