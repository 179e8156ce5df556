from django.conf import settings


def site(request):
    """The site's name and tagline, for the layout every page shares."""
    return {"site_name": settings.SITE_NAME, "site_tagline": settings.SITE_TAGLINE}
