"""What kind of item a knowledge-base page class is: the one place an item type is described.

Each page class carries a ``Kind``; every list of item types (the API's paths and ``type``
values, the import's references, the site's folders, search facets, webhooks) is derived
from those classes through ``kb.models.KB_KINDS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

# The structural page types items live under. Named by label, not imported: kb does not
# import website (the dependency rule); website's own subpage_types say the same from its side.
FOLDER = "website.FolderPage"
SECTION = "website.SectionPage"
HOME = "website.HomePage"


@dataclass(frozen=True)
class ItemKind:
    name: str  # the API's ``type``, the import's reference prefix, the search facet
    plural: str  # the API path segment: /api/v3/kb/<plural>/
    folder_slug: str = ""  # its folder in the shared area, if it has one
    folder_title: str | Promise = ""
    in_sections: bool = False  # a service's own section may hold items of this kind

    @property
    def parent_page_types(self) -> list[str]:
        """Where a page of this kind may be created (checked by the admin and the API)."""
        if not self.folder_slug:
            return [HOME]
        return [FOLDER, SECTION] if self.in_sections else [FOLDER]
