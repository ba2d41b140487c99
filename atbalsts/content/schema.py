"""drf-spectacular: the Wagtail admin's internal APIs under /cms/ are not part of Atbalsts' API."""


def exclude_cms(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith("/cms/")]
