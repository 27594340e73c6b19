"""The fields a page type declares for Wagtail's API v3 (``/api/v3/pages/``).

A content field is read and written through the API: ``APIField(name, writable=True)`` is
what Wagtail's v3 write schemas (POST and PATCH) are generated from, and its writes go
through the admin's own form for the page type, so they are validated as the admin validates.
"""

from wagtail.api import APIField


def content_fields(*names: str) -> list[APIField]:
    """Fields an integrator reads and writes."""
    return [APIField(name, writable=True) for name in names]
