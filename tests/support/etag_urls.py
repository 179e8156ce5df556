"""A page that carries an ETag, as post pages do once conditional GET is added, to test the cache with."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import etag

renders = []


@etag(lambda request: '"v1"')
def tagged(request):
    renders.append(request.path)
    return HttpResponse("tagged page")


urlpatterns = [path("tagged/", tagged)]
