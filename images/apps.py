from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """Uploaded images: checked and stored (uploads), sized in rendered posts (sizes), served (views)."""

    name = "images"
    verbose_name = "Images"
