from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import seo


def site(request):
    """The site's name and tagline for the layout, and a default page head for views that build none."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "head": SimpleLazyObject(lambda: seo.default_meta(request)),
    }
